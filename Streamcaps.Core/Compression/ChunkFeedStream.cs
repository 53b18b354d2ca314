namespace Streamcaps.Compression;

/// <summary>
/// A read-only stream fed one lent chunk at a time: the decoder reads it through <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>,
/// and the feeder's <see cref="SupplyAsync"/> completes once the decoder consumed the whole chunk and asks for
/// more (or stopped), so the chunk is never touched after its delivery completed.
/// </summary>
internal sealed class ChunkFeedStream : Stream
{
    private readonly Lock _lock = new();
    private ReadOnlyMemory<byte> _chunk;
    private bool _ended;
    private bool _decoderStopped;
    private TaskCompletionSource? _supplied;
    private TaskCompletionSource? _drained;

    /// <summary>Hands <paramref name="chunk"/> to the decoder; completes when it was consumed or the decoder stopped.</summary>
    public Task SupplyAsync(ReadOnlyMemory<byte> chunk) => Hand(chunk, end: false);

    /// <summary>Tells the decoder the input ended (its next read returns 0); completes when the decoder stopped.</summary>
    public Task EndAsync() => Hand(ReadOnlyMemory<byte>.Empty, end: true);

    /// <summary>The decoder stopped (finished or failed): releases a feeder waiting for it.</summary>
    public void DecoderStopped()
    {
        TaskCompletionSource? drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = null;
            _chunk = default;
            _decoderStopped = true;
        }

        drained?.TrySetResult();
    }

    private Task Hand(ReadOnlyMemory<byte> chunk, bool end)
    {
        TaskCompletionSource? supplied;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_decoderStopped)
            {
                return Task.CompletedTask;
            }

            _chunk = chunk;
            _ended = end;
            _drained = drained;
            supplied = _supplied;
            _supplied = null;
        }

        supplied?.TrySetResult();
        return drained.Task;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task? waitForMore = null;
            TaskCompletionSource? drained = null;
            lock (_lock)
            {
                if (!_chunk.IsEmpty)
                {
                    var count = Math.Min(buffer.Length, _chunk.Length);
                    _chunk.Span[..count].CopyTo(buffer.Span);
                    _chunk = _chunk[count..];
                    return count;
                }

                if (_ended)
                {
                    return 0;
                }

                var supplied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _supplied = supplied;
                waitForMore = supplied.Task;
                drained = _drained;
                _drained = null;
            }

            drained?.TrySetResult();
            await waitForMore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // The decoder is only driven through its asynchronous methods; a blocking read would block a flow.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The gzip pump reads asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
