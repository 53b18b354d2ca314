namespace Streamcaps.Brokers.Acknowledgement;

/// <summary>A received broker message that the broker keeps until it is acknowledged, and hands out again
/// when it is not. Sources acknowledge after delivery by default; a source in
/// <see cref="AcknowledgementMode.Manual"/> leaves it to the code that finishes the work, through these methods.</summary>
public interface IAcknowledgeable
{
    /// <summary>Tells the broker the message is done: it will not be delivered again.</summary>
    ValueTask AckAsync(CancellationToken cancellationToken = default);

    /// <summary>Tells the broker the message failed: it will be delivered again, after <paramref name="delay"/>
    /// where the broker supports a delay (JetStream does; Redis Streams redeliver when the entry is claimed).</summary>
    ValueTask NakAsync(TimeSpan delay, CancellationToken cancellationToken = default);
}
