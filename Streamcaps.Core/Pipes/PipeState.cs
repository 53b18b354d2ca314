namespace Streamcaps.Pipes;

/// <summary>What the two ends of a buffered pipe share besides the channel: the abort's problem, and the
/// count of dropped items.</summary>
internal sealed class PipeState
{
    private long _dropped;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Set once, before the channel is completed, when the writer aborted.</summary>
    public Exception? Problem { get; set; }

    public void CountDrop() => Interlocked.Increment(ref _dropped);
}
