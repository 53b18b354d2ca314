using System.Buffers;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>
/// Reads a <see cref="Stream"/> into one pooled buffer and lends each read to the sink (rule 5), so reading
/// allocates nothing per chunk. The stream is opened on the first call, so a file that cannot be opened
/// fails the flow with the file system's own exception. The stream (unless left open) and the buffer are released
/// at the end, at a failure, and when the flow stops before the end (<see cref="IReleasableSource"/>).
/// </summary>
internal sealed class StreamSource(Func<Stream> open, StreamSourceOptions options) : SourceBase<ReadOnlyMemory<byte>>, IReleasableSource
{
    private Stream? _stream;
    private byte[]? _buffer;
    private bool _ended;
    private Exception? _problem;

    protected override ValueTask SignalAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return _problem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_problem);
        }

        ValueTask<int> read;
        try
        {
            _stream ??= open();
            _buffer ??= ArrayPool<byte>.Shared.Rent(options.BufferSize);
            read = _stream.ReadAsync(_buffer.AsMemory(0, options.BufferSize), cancellationToken);
        }
#pragma warning disable CA1031 // Opening or reading failed: that exception, unchanged, is the source's failure.
        catch (Exception problem)
#pragma warning restore CA1031
        {
            return FailAsync(sink, problem);
        }

        return read.IsCompletedSuccessfully
            ? Deliver(sink, read.Result, cancellationToken)
            : ReadSlowAsync(read, sink, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadSlowAsync(ValueTask<int> read, ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        int count;
        try
        {
            count = await read.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception problem)
        {
            await FailAsync(sink, problem).ConfigureAwait(false);
            return;
        }

        await Deliver(sink, count, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask Deliver(ISink<ReadOnlyMemory<byte>> sink, int count, CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            return sink.RunAsync(_buffer.AsMemory(0, count), cancellationToken);
        }

        return CompleteAsync(sink, cancellationToken);
    }

    private async ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        await EndAsync(null).ConfigureAwait(false);
        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask FailAsync(ISink<ReadOnlyMemory<byte>> sink, Exception problem)
    {
        await EndAsync(problem).ConfigureAwait(false);
        await sink.AbortAsync(problem).ConfigureAwait(false);
    }

    /// <summary>The flow stopped before the end: the stream and the buffer go now, and later calls fail.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (_ended)
        {
            return;
        }

        try
        {
            await EndAsync(new InvalidOperationException("The byte source was released: the flow reading it stopped before its end.")).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Closing a stream that was only read failed: it is released all the same, and the flow already has its own ending to report.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Releases the stream and the buffer. Nothing is lent any more: the last delivery completed
    /// before this call began.</summary>
    private async ValueTask EndAsync(Exception? problem)
    {
        _ended = true;
        _problem = problem;
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_stream is { } stream && !options.LeaveOpen)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
