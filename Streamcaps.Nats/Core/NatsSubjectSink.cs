using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Internal;
using Streamcaps.Nats.Internal;

namespace Streamcaps.Nats.Core;

/// <summary>
/// Publishes each item to a core NATS subject: fire-and-forget. A delivery completes when the message is in the
/// connection's outgoing buffer; <see cref="ISink{T}.CompleteAsync"/> completes after a round trip to the server
/// (PING/PONG), so everything published before it has reached the server. Whether any subscriber got it is not
/// known: nothing is stored, and subscribers that are absent or too slow miss messages.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class NatsSubjectSink<T> : ISink<T>
{
    private readonly Publisher _publisher;

    internal NatsSubjectSink(INatsConnection connection, string subject, IMessageSerializer<T> serializer) =>
        _publisher = new Publisher(connection, subject, new NatsSerializer<T>(serializer));

    /// <inheritdoc/>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) => _publisher.RunAsync(item, cancellationToken);

    /// <inheritdoc/>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => _publisher.CompleteAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask AbortAsync(Exception problem) => _publisher.AbortAsync(problem);

    private sealed class Publisher(INatsConnection connection, string subject, NatsSerializer<T> serializer) : SinkBase<T>
    {
        protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken) =>
            connection.PublishAsync(subject, item, serializer: serializer, cancellationToken: cancellationToken);

        protected override async ValueTask OnCompleteAsync(CancellationToken cancellationToken) =>
            await connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }
}
