using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Sink
{
    /// <summary>A byte sink that writes every chunk to <paramref name="stream"/>.</summary>
    /// <remarks>
    /// A delivery completes when the stream accepted the chunk (the chunk is not kept). Completion flushes the
    /// stream, then disposes it unless <see cref="StreamSinkOptions.LeaveOpen"/> is set; abort disposes it
    /// without flushing. A write that throws faults the delivery with that exception, unchanged.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    public static ISink<ReadOnlyMemory<byte>> ToStream(Stream stream, StreamSinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written.", nameof(stream));
        }

        return new StreamSink(() => stream, options ?? StreamSinkOptions.Default);
    }

    /// <summary>
    /// A byte sink that writes the file at <paramref name="path"/>, opened on the first delivery or at completion
    /// (so an empty flow makes an empty file), flushed and closed at completion.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="fileOptions">How to open it; default: <see cref="FileMode.Create"/> (replace), <see cref="FileAccess.Write"/>,
    /// no sharing, asynchronous. A failure to open it faults the first delivery with the file system's own exception.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static ISink<ReadOnlyMemory<byte>> ToFile(string path, FileStreamOptions? fileOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        fileOptions ??= new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        return new StreamSink(() => new FileStream(path, fileOptions), StreamSinkOptions.Default);
    }

    /// <summary>A byte sink that writes to the process's standard output, flushing each chunk.</summary>
    public static ISink<ReadOnlyMemory<byte>> StandardOutput() =>
        new StreamSink(Console.OpenStandardOutput, new StreamSinkOptions { FlushEachWrite = true });

    /// <summary>A byte sink that writes to the process's standard error, flushing each chunk.</summary>
    public static ISink<ReadOnlyMemory<byte>> StandardError() =>
        new StreamSink(Console.OpenStandardError, new StreamSinkOptions { FlushEachWrite = true });
}
