namespace Streamcaps;

/// <summary>What a broadcast does when one of its subscribers fails (a delivery, or its completion, faults).</summary>
public enum SubscriberFailurePolicy
{
    /// <summary>The broadcast fails with that subscriber's problem, unchanged, and aborts the other subscribers with it.</summary>
    FailBroadcast,

    /// <summary>The failed subscriber is aborted with its own problem and removed; the others go on. When the
    /// last subscriber is removed the broadcast fails with that last problem.</summary>
    DropSubscriber,
}
