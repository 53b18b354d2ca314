namespace Streamcaps.Nats.JetStream;

/// <summary>A publish found no JetStream stream that captures its subject, so nothing stored it.</summary>
public sealed class JetStreamNoStreamException : IOException
{
    /// <summary>Creates the exception for <paramref name="subject"/>.</summary>
    public JetStreamNoStreamException(string subject)
        : base($"No JetStream stream captures subject '{subject}': nothing was stored. Create a stream for it (for instance with NatsJSContext.CreateStreamAsync) before publishing.")
        => Subject = subject;

    /// <summary>The subject nothing captures.</summary>
    public string Subject { get; }
}
