using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NATS.Client.Core;
using Streamcaps.Brokers.Internal;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.Internal;

namespace Streamcaps.Nats.Core;

/// <summary>
/// A core NATS subscription as a source: fire-and-forget, nothing persisted. Messages published while nobody
/// subscribes are gone, and a sink slower than the subject loses messages once
/// <see cref="NatsSubjectSourceOptions.PendingCapacity"/> are waiting; each loss is counted in
/// <see cref="DroppedCount"/>. Use JetStream (<see cref="JetStream.JetStreamSource{T}"/>) when nothing may be lost.
/// </summary>
/// <typeparam name="T">The payload type.</typeparam>
/// <remarks>The source completes when the subscription ends (disposed, unsubscribed by the server) and aborts
/// with a payload that does not deserialize. Create it with <see cref="NatsSubjects.SubscribeAsync{T}"/>.</remarks>
public sealed class NatsSubjectSource<T> : ISource<NatsSubjectMessage<T>>, IAsyncDisposable
{
    private readonly SourceCall<NatsSubjectMessage<T>> _call;
    private readonly INatsConnection _connection;
    private readonly INatsSub<T> _subscription;
    private readonly Action<string>? _dropped;
    private long _droppedCount;

    private NatsSubjectSource(INatsConnection connection, INatsSub<T> subscription, Action<string>? dropped)
    {
        _call = new SourceCall<NatsSubjectMessage<T>>(SignalAsync);
        _connection = connection;
        _subscription = subscription;
        _dropped = dropped;
        connection.MessageDropped += OnMessageDroppedAsync;
    }

    /// <summary>How many messages were dropped because the sink was too slow.</summary>
    public long DroppedCount => Interlocked.Read(ref _droppedCount);

    /// <inheritdoc/>
    public ValueTask RunAsync(ISink<NatsSubjectMessage<T>> sink, CancellationToken cancellationToken = default) =>
        _call.RunAsync(sink, cancellationToken);

    /// <summary>Unsubscribes; a waiting call then completes its sink.</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.MessageDropped -= OnMessageDroppedAsync;
        await _subscription.DisposeAsync().ConfigureAwait(false);
    }

    internal static async Task<NatsSubjectSource<T>> SubscribeAsync(INatsConnection connection, NatsSubjectSourceOptions options,
        IMessageSerializer<T> serializer, CancellationToken cancellationToken)
    {
        var subOptions = new NatsSubOpts
        {
            ChannelOpts = new NatsSubChannelOpts { Capacity = options.PendingCapacity, FullMode = BoundedChannelFullMode.DropNewest },
        };
        var subscription = await connection.SubscribeCoreAsync(options.Subject, options.QueueGroup, new NatsSerializer<T>(serializer),
            subOptions, cancellationToken).ConfigureAwait(false);
        return new NatsSubjectSource<T>(connection, subscription, options.Dropped);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SignalAsync(ISink<NatsSubjectMessage<T>> sink, CancellationToken cancellationToken)
    {
        var messages = _subscription.Msgs;
        NatsMsg<T> message;
        while (!messages.TryRead(out message))
        {
            if (!await messages.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (message.Error is { } error)
        {
            await sink.AbortAsync(error.InnerException is FormatException format ? format : error).ConfigureAwait(false);
            return;
        }

        await sink.RunAsync(new NatsSubjectMessage<T>(message.Subject, message.Headers, message.Data!), cancellationToken).ConfigureAwait(false);
    }

    private ValueTask OnMessageDroppedAsync(object? sender, NatsMessageDroppedEventArgs dropped)
    {
        if (ReferenceEquals(dropped.Subscription, _subscription))
        {
            Interlocked.Increment(ref _droppedCount);
            _dropped?.Invoke(dropped.Subject);
        }

        return default;
    }
}
