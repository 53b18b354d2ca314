using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;

namespace Streamcaps.Nats.Core;

/// <summary>Core NATS subjects (no persistence, fire-and-forget) as sources and sinks.</summary>
public static class NatsSubjects
{
    /// <summary>Subscribes to <see cref="NatsSubjectSourceOptions.Subject"/> and returns the subscription as a source.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="NatsConnectionException">The server could not be reached within the connect timeout.</exception>
    public static async Task<NatsSubjectSource<T>> SubscribeAsync<T>(INatsConnection connection, NatsSubjectSourceOptions options,
        IMessageSerializer<T> serializer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        options.Validate();
        await NatsConnectionException.ConnectAsync(connection).ConfigureAwait(false);
        return await NatsSubjectSource<T>.SubscribeAsync(connection, options, serializer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A sink that publishes every item to <paramref name="subject"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="subject"/> is empty.</exception>
    public static NatsSubjectSink<T> CreateSink<T>(INatsConnection connection, string subject, IMessageSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(serializer);
        return new NatsSubjectSink<T>(connection, subject, serializer);
    }
}
