namespace Streamcaps.Pipes;

/// <summary>What the two ends of a buffered pipe share besides the channel: the abort's problem, the count of
/// dropped items, and whether the reader closed its end.</summary>
/// <param name="closeChannel">Completes the channel and releases what it still holds.</param>
internal sealed class PipeState(Action closeChannel)
{
    private long _dropped;
    private int _readerClosed;

    /// <summary>Whether <see cref="CloseReader"/> was called.</summary>
    public bool IsReaderClosed => Volatile.Read(ref _readerClosed) != 0;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Set once, before the channel is completed, when the writer aborted.</summary>
    public Exception? Problem { get; set; }

    public void CountDrop() => Interlocked.Increment(ref _dropped);

    /// <summary>Ends the reader's side, once: the channel completes, so a writer waiting for room wakes up, and
    /// what is buffered is released.</summary>
    public void CloseReader()
    {
        if (Interlocked.Exchange(ref _readerClosed, 1) == 0)
        {
            closeChannel();
        }
    }
}
