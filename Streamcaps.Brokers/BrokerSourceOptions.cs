using Streamcaps.Brokers.Acknowledgement;

namespace Streamcaps.Brokers;

/// <summary>What every broker source does with a delivery: when it acknowledges, how it hands back a failed
/// message, when it gives up on one. The connectors' option classes add what is theirs (stream, consumer).</summary>
public abstract class BrokerSourceOptions
{
    /// <summary>The default <see cref="NakDelay"/>: 1 second.</summary>
    public static readonly TimeSpan DefaultNakDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default <see cref="MaxBatch"/>: 256 messages.</summary>
    public const int DefaultMaxBatch = 256;

    /// <summary>When the source acknowledges a message. Default <see cref="AcknowledgementMode.AfterDelivery"/>.</summary>
    public AcknowledgementMode Acknowledgement { get; init; } = AcknowledgementMode.AfterDelivery;

    /// <summary>What the source does after a delivery faulted and the message was handed back or dead-lettered.
    /// Default <see cref="DeliveryFailureMode.FailFlow"/>.</summary>
    public DeliveryFailureMode OnDeliveryFailure { get; init; } = DeliveryFailureMode.FailFlow;

    /// <summary>The backoff a failed message is handed back with (nak) before it is delivered again. Default
    /// <see cref="DefaultNakDelay"/>. Where the broker has no delayed redelivery (Redis Streams), the message
    /// is claimed again once it was idle this long.</summary>
    public TimeSpan NakDelay { get; init; } = DefaultNakDelay;

    /// <summary>After this many deliveries that failed, a message is moved to the dead-letter destination
    /// with its error and acknowledged, instead of being handed back once more. A message the broker handed out
    /// more than this many times without any delivery finishing (its workers died or lost their connection
    /// mid-message) is moved there too when it comes again, undelivered, with a
    /// <see cref="DeliveryLimitExceededException"/> as the error. While a limit is set, the source takes messages
    /// that were handed out before one at a time, so that a crash counts against the message in delivery and
    /// not against the rest of its batch. <see langword="null"/> (the default) retries forever. Needs a
    /// dead-letter destination.</summary>
    public int? MaxDeliveries { get; init; }

    /// <summary>The most messages fetched at once, which is also the most the source holds unacknowledged in
    /// <see cref="AcknowledgementMode.AfterDelivery"/>: a slow sink holds the next fetch. Default
    /// <see cref="DefaultMaxBatch"/>.</summary>
    public int MaxBatch { get; init; } = DefaultMaxBatch;

    /// <summary>Checks the shared options; connectors call it when a source is created.</summary>
    /// <param name="paramName">The name of the caller's options parameter.</param>
    /// <param name="hasDeadLetterDestination">Whether a dead-letter destination is set.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    protected void ValidateDelivery(string paramName, bool hasDeadLetterDestination)
    {
        if (MaxBatch <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxBatch, $"{nameof(MaxBatch)} must be positive.");
        }

        if (NakDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, NakDelay, $"{nameof(NakDelay)} must not be negative.");
        }

        if (MaxDeliveries is { } max && (max <= 0 || !hasDeadLetterDestination))
        {
            throw new ArgumentOutOfRangeException(paramName, MaxDeliveries,
                $"{nameof(MaxDeliveries)} must be positive and needs a dead-letter destination to move messages to.");
        }
    }
}
