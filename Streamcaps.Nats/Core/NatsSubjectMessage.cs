using NATS.Client.Core;

namespace Streamcaps.Nats.Core;

/// <summary>One message received on a core NATS subject: no stream, no acknowledgement, no redelivery.</summary>
/// <typeparam name="T">The payload type.</typeparam>
public readonly struct NatsSubjectMessage<T>
{
    internal NatsSubjectMessage(string subject, NatsHeaders? headers, T payload)
    {
        Subject = subject;
        Headers = headers;
        Payload = payload;
    }

    /// <summary>The deserialized payload.</summary>
    public T Payload { get; }

    /// <summary>The subject the message was published to.</summary>
    public string Subject { get; }

    /// <summary>The message's headers, or <see langword="null"/> when it has none.</summary>
    public NatsHeaders? Headers { get; }
}
