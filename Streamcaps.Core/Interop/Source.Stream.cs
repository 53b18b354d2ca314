using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>
    /// A byte source that reads <paramref name="stream"/> (a file, a process's output, a network stream, any
    /// stream) and completes at its end.
    /// </summary>
    /// <remarks>
    /// Each item is lent (rule 5): it is a slice of one pooled buffer that the next read reuses, so reading
    /// allocates nothing per chunk. A read that throws fails the source with that exception, unchanged (an
    /// <see cref="IOException"/> stays an <see cref="IOException"/>). At the end the stream is disposed unless
    /// <see cref="StreamSourceOptions.LeaveOpen"/> is set.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot read.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The buffer size is not positive.</exception>
    public static ISource<ReadOnlyMemory<byte>> FromStream(Stream stream, StreamSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        options ??= StreamSourceOptions.Default;
        options.Validate();
        return new StreamSource(() => stream, options);
    }

    /// <summary>
    /// A byte source that reads the file at <paramref name="path"/>, opened on the first pull (so a missing or
    /// unreadable file fails the flow with the file system's own exception, e.g. <see cref="FileNotFoundException"/>)
    /// and closed at the end.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="fileOptions">How to open it; default: <see cref="FileMode.Open"/>, <see cref="FileAccess.Read"/>,
    /// <see cref="FileShare.Read"/>, asynchronous and sequential.</param>
    /// <param name="bufferSize">The most bytes delivered at once. Items are lent as with <see cref="FromStream"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not positive.</exception>
    public static ISource<ReadOnlyMemory<byte>> FromFile(string path, FileStreamOptions? fileOptions = null, int bufferSize = StreamSourceOptions.DefaultBufferSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new StreamSourceOptions { BufferSize = bufferSize };
        options.Validate();
        fileOptions ??= new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        };
        return new StreamSource(() => new FileStream(path, fileOptions), options);
    }

    /// <summary>A byte source that reads the process's standard input until it ends.</summary>
    /// <param name="bufferSize">The most bytes delivered at once. Items are lent as with <see cref="FromStream"/>.</param>
    public static ISource<ReadOnlyMemory<byte>> StandardInput(int bufferSize = StreamSourceOptions.DefaultBufferSize)
    {
        var options = new StreamSourceOptions { BufferSize = bufferSize };
        options.Validate();
        return new StreamSource(Console.OpenStandardInput, options);
    }
}
