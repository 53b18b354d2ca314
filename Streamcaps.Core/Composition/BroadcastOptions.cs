namespace Streamcaps;

/// <summary>How a broadcast treats slow and failing subscribers (see <see cref="Sink.Broadcast{T}(BroadcastOptions, ISink{T}[])"/>).</summary>
public sealed class BroadcastOptions
{
    /// <summary>The defaults: wait for the slowest subscriber, and fail the broadcast when a subscriber fails.</summary>
    public static BroadcastOptions Default { get; } = new();

    /// <summary>What to do with a subscriber still busy when the next item arrives. Default: <see cref="LaggingSubscriberPolicy.Wait"/>.</summary>
    public LaggingSubscriberPolicy LaggingSubscribers { get; init; } = LaggingSubscriberPolicy.Wait;

    /// <summary>What to do when a subscriber fails. Default: <see cref="SubscriberFailurePolicy.FailBroadcast"/>.</summary>
    public SubscriberFailurePolicy SubscriberFailures { get; init; } = SubscriberFailurePolicy.FailBroadcast;
}
