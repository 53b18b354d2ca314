using Streamcaps.Brokers;

namespace Streamcaps.Nats.JetStream;

/// <summary>Where a <see cref="JetStreamSource{T}"/> reads from and how; the delivery rules (acknowledgement,
/// backoff, dead-lettering, batch size) are those of <see cref="BrokerSourceOptions"/>.</summary>
public sealed class JetStreamSourceOptions : BrokerSourceOptions
{
    /// <summary>The default <see cref="FetchExpiry"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultFetchExpiry = TimeSpan.FromSeconds(2);

    /// <summary>The default <see cref="AckWait"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultAckWait = TimeSpan.FromSeconds(30);

    /// <summary>The stream to read. Required.</summary>
    public required string Stream { get; init; }

    /// <summary>The durable consumer's name: every process that names the same consumer shares its messages,
    /// and a restarted process goes on where the consumer stood. <see langword="null"/> (the default) makes an
    /// ephemeral consumer of this source's own, which reads the stream from its start.</summary>
    public string? Durable { get; init; }

    /// <summary>Reads only messages whose subject matches (one subject with wildcards; nats-server 2.9 has no
    /// list of filters). <see langword="null"/> reads every subject of the stream.</summary>
    public string? FilterSubject { get; init; }

    /// <summary>How long the server waits for an acknowledgement before it delivers the message again (to any
    /// process on the consumer): the time a crashed worker's messages stay out. Default <see cref="DefaultAckWait"/>.
    /// A delivery that takes longer than this is delivered twice.</summary>
    public TimeSpan AckWait { get; init; } = DefaultAckWait;

    /// <summary>How long one fetch waits for messages before the source asks again. It also bounds how long a
    /// process can sit idle while other processes on the same consumer receive everything (a fresh pull request
    /// is spread again). At least 1 second. Default <see cref="DefaultFetchExpiry"/>.</summary>
    public TimeSpan FetchExpiry { get; init; } = DefaultFetchExpiry;

    /// <summary>The subject a message goes to when its payload does not deserialize (at once) or after
    /// <see cref="BrokerSourceOptions.MaxDeliveries"/> failed deliveries, published to JetStream (a stream must capture it) with headers <c>Streamcaps-Error</c>,
    /// <c>Streamcaps-Subject</c>, <c>Streamcaps-Stream-Sequence</c> and <c>Streamcaps-Deliveries</c>; the original
    /// is then terminated. <see langword="null"/>: no dead-lettering.</summary>
    public string? DeadLetterSubject { get; init; }

    /// <summary>Whether the source creates (or updates) the consumer. Default <see langword="true"/>. Set it to
    /// <see langword="false"/> to use a consumer that an operator created, with its own settings.</summary>
    public bool CreateConsumer { get; init; } = true;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Stream, nameof(Stream));
        ValidateDelivery("options", DeadLetterSubject is not null);
        if (FetchExpiry < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException("options", FetchExpiry, $"{nameof(FetchExpiry)} must be at least 1 second.");
        }

        if (!CreateConsumer && Durable is null)
        {
            throw new ArgumentException($"{nameof(CreateConsumer)} = false needs the name of an existing consumer in {nameof(Durable)}.", "options");
        }
    }
}
