namespace Streamcaps.Compression;

/// <summary>
/// A read-only stream fed one lent chunk at a time: the decoder reads it through <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>,
/// and the feeder's <see cref="SupplyAsync"/> completes once the decoder consumed the whole chunk and asks for
/// more (or stopped), so the chunk is never touched after its delivery completed.
/// </summary>
/// <remarks>
/// A reader that learns it read too far can give bytes back: <see cref="Unread"/> steps back over the end of the
/// last read (its bytes are still in the current chunk, which is released only by the next read), and
/// <see cref="PushBack"/> queues copied bytes to be read before anything else. That is how the gzip reader
/// finds where one member's compressed data ended inside a read the inflater took whole.
/// </remarks>
internal sealed class ChunkFeedStream : Stream
{
    /// <summary>The most bytes one read returns, so a reader that over-reads over-reads at most this much.</summary>
    public const int MaxReadLength = 8192;

    private readonly Lock _lock = new();
    private ReadOnlyMemory<byte> _chunk;
    private int _chunkOffset;
    private byte[] _pending = [];
    private int _pendingStart;
    private int _pendingEnd;
    private int _lastReadLength;
    private bool _lastReadFromPending;
    private bool _ended;
    private bool _decoderStopped;
    private TaskCompletionSource? _supplied;
    private TaskCompletionSource? _drained;

    /// <summary>Whether the last read that found nothing returned 0 because the input ended (not merely that the
    /// end was announced), with nothing given back since.</summary>
    public bool EndReached { get; private set; }

    /// <summary>How many bytes the last read returned.</summary>
    public int LastReadLength => _lastReadLength;

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
            _chunkOffset = 0;
            _decoderStopped = true;
        }

        drained?.TrySetResult();
    }

    /// <summary>Gives back the last <paramref name="count"/> bytes of the last read: the next read returns them again.</summary>
    public void Unread(int count)
    {
        lock (_lock)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _lastReadLength);
            if (_lastReadFromPending)
            {
                _pendingStart -= count;
            }
            else
            {
                _chunkOffset -= count;
            }

            _lastReadLength -= count;
        }
    }

    /// <summary>Queues a copy of <paramref name="bytes"/> to be read before anything not yet read.</summary>
    public void PushBack(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            var queued = _pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart);
            var combined = new byte[bytes.Length + queued.Length];
            bytes.CopyTo(combined);
            queued.CopyTo(combined.AsSpan(bytes.Length));
            _pending = combined;
            _pendingStart = 0;
            _pendingEnd = combined.Length;
            _lastReadLength = 0;

            // A read that met the end before these bytes were given back did not see the end of what is left.
            EndReached = false;
        }
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
            _chunkOffset = 0;
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
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            Task? waitForMore = null;
            TaskCompletionSource? drained = null;
            lock (_lock)
            {
                if (_pendingEnd > _pendingStart)
                {
                    var count = Math.Min(Math.Min(buffer.Length, _pendingEnd - _pendingStart), MaxReadLength);
                    _pending.AsSpan(_pendingStart, count).CopyTo(buffer.Span);
                    _pendingStart += count;
                    return Took(count, fromPending: true);
                }

                if (_chunkOffset < _chunk.Length)
                {
                    var count = Math.Min(Math.Min(buffer.Length, _chunk.Length - _chunkOffset), MaxReadLength);
                    _chunk.Span.Slice(_chunkOffset, count).CopyTo(buffer.Span);
                    _chunkOffset += count;
                    return Took(count, fromPending: false);
                }

                if (_ended)
                {
                    EndReached = true;
                    return Took(0, fromPending: false);
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

    private int Took(int count, bool fromPending)
    {
        _lastReadLength = count;
        _lastReadFromPending = fromPending;
        return count;
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
