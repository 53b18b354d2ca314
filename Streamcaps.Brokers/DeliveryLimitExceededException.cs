namespace Streamcaps.Brokers;

/// <summary>
/// Why a message was dead-lettered without being delivered: the broker had handed it out more than
/// <see cref="BrokerSourceOptions.MaxDeliveries"/> times and none of those deliveries finished, because the worker
/// died or lost its connection mid-message (a payload that crashes the process) or outlived the broker's
/// acknowledgement wait. Delivering it once more would most likely end the same way. It is never thrown to a
/// flow: its type and message are what the dead-letter destination records as the error.
/// </summary>
public sealed class DeliveryLimitExceededException : Exception
{
    /// <summary>Creates the error for a message handed out <paramref name="deliveries"/> times, more than
    /// <paramref name="maxDeliveries"/>.</summary>
    public DeliveryLimitExceededException(ulong deliveries, int maxDeliveries)
        : base($"Delivered {deliveries} times without an acknowledgement, more than {nameof(BrokerSourceOptions.MaxDeliveries)} ({maxDeliveries}): " +
            "no earlier delivery finished (the worker died or lost its connection mid-message, or outlived the acknowledgement wait), so it was not delivered again.")
    {
        Deliveries = deliveries;
        MaxDeliveries = maxDeliveries;
    }

    /// <summary>How many times the broker had handed the message out when it was dead-lettered.</summary>
    public ulong Deliveries { get; }

    /// <summary>The source's <see cref="BrokerSourceOptions.MaxDeliveries"/>.</summary>
    public int MaxDeliveries { get; }
}
