namespace Streamcaps;

/// <summary>What a broadcast does with a subscriber that is still busy when the next item arrives.</summary>
public enum LaggingSubscriberPolicy
{
    /// <summary>Wait for it: the broadcast's pace is the slowest subscriber's (backpressure from the slowest).</summary>
    Wait,

    /// <summary>Skip it: a subscriber still busy with an earlier item misses the new one, which is counted in
    /// <see cref="BroadcastSink{T}.MissedItems(int)"/>. The broadcast's pace is the fastest subscriber's.</summary>
    Drop,
}
