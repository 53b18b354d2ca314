namespace Streamcaps.Tests.Support;

/// <summary>
/// A byte source for tests that lends its chunks the way a socket source does: each chunk is copied into
/// one reused buffer before delivery and scribbled over as soon as the delivery completes, so a sink that
/// keeps lent memory too long sees garbage. Optionally it goes asynchronous before every signal.
/// </summary>
internal sealed class LendingByteSource(IReadOnlyList<byte[]> chunks, Exception? failure = null, bool yieldFirst = false)
    : ISource<ReadOnlyMemory<byte>>
{
    private readonly byte[] _lent = new byte[Math.Max(1, chunks.Count == 0 ? 1 : chunks.Max(c => c.Length))];
    private int _next;

    /// <summary>How many calls were made on this source.</summary>
    public int Calls { get; private set; }

    /// <summary>Whether the last delivery's task has completed (the chunk was given back).</summary>
    public bool ChunkReturned { get; private set; } = true;

    public async ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (yieldFirst)
        {
            await Task.Yield();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_next == chunks.Count)
        {
            if (failure is null)
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.AbortAsync(failure).ConfigureAwait(false);
            }

            return;
        }

        var chunk = chunks[_next++];
        chunk.CopyTo(_lent, 0);
        ChunkReturned = false;
        // Without the caller's context, so the chunk is marked returned the moment the delivery completes.
        await sink.RunAsync(_lent.AsMemory(0, chunk.Length), cancellationToken).ConfigureAwait(false);
        ChunkReturned = true;
        _lent.AsSpan().Fill(0xEE);
    }
}
