using NATS.Client.Core;
using NATS.Client.JetStream;
using Streamcaps.Brokers.Acknowledgement;
using Streamcaps.Brokers.Internal;

namespace Streamcaps.Nats.JetStream;

/// <summary>
/// One message from a JetStream consumer: the payload with the envelope it came in (subject, stream sequence,
/// delivery count, headers). A <see cref="JetStreamSource{T}"/> acknowledges it after its delivery completed;
/// in <see cref="AcknowledgementMode.Manual"/> the receiver does, with <see cref="AckAsync"/>.
/// </summary>
/// <typeparam name="T">The payload type.</typeparam>
public readonly struct JetStreamMessage<T> : IAcknowledgeable, IBrokerMessage
{
    private readonly INatsJSMsg<T> _message;

    internal JetStreamMessage(INatsJSMsg<T> message, T payload)
    {
        _message = message;
        Payload = payload;
    }

    /// <summary>The deserialized payload.</summary>
    public T Payload { get; }

    /// <summary>The subject the message was published to.</summary>
    public string Subject => _message.Subject;

    /// <summary>The message's sequence number in its stream.</summary>
    public ulong StreamSequence => _message.Metadata?.Sequence.Stream ?? 0;

    /// <summary>How many times the message has been delivered, this time included: 1 on the first delivery,
    /// more after a nak, an expired acknowledgement wait or a crashed worker. Parsed from the message's reply
    /// subject on the first read (it allocates), so the source reads it only when a decision needs it.</summary>
    public ulong DeliveryCount => _message.Metadata?.NumDelivered ?? 1;

    /// <summary>The message's headers, or <see langword="null"/> when it has none.</summary>
    public NatsHeaders? Headers => (_message as NatsJSMsg<T>?)?.Headers;

    /// <summary>The bytes of a payload that did not deserialize, with the reason; <see langword="null"/> otherwise.</summary>
    internal NatsDeserializeException? Unreadable => _message.Error as NatsDeserializeException;

    /// <inheritdoc/>
    /// <remarks>Sent without waiting for the server's confirmation (as NATS.Net does by default): a lost ack
    /// only means the message is delivered again, which at-least-once allows.</remarks>
    public ValueTask AckAsync(CancellationToken cancellationToken = default) => _message.AckAsync(cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public ValueTask NakAsync(TimeSpan delay, CancellationToken cancellationToken = default) =>
        _message.NakAsync(new AckOpts { NakDelay = delay }, cancellationToken);

    /// <summary>Tells the server never to deliver the message again (after it was dead-lettered).</summary>
    public ValueTask TerminateAsync(CancellationToken cancellationToken = default) =>
        _message.AckTerminateAsync(cancellationToken: cancellationToken);
}
