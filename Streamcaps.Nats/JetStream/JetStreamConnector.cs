using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Streamcaps.Brokers.Serialization;

namespace Streamcaps.Nats.JetStream;

/// <summary>JetStream streams as sources and sinks.</summary>
/// <example>
/// <code>
/// await using var nats = new NatsConnection(new NatsOpts { Url = "nats://127.0.0.1:4222" });
/// await using var orders = await JetStreamConnector.CreateSourceAsync(nats,
///     new JetStreamSourceOptions { Stream = "ORDERS", Durable = "billing" }, MessageSerializer.Json(AppJson.Default.Order));
/// var invoices = JetStreamConnector.CreateSink(nats, new JetStreamSinkOptions&lt;Invoice&gt; { Subject = "invoices", MessageId = i =&gt; i.OrderId },
///     MessageSerializer.Json(AppJson.Default.Invoice));
/// await Flow.RunAsync(orders.Select(m =&gt; Bill(m.Payload)), invoices);
/// </code>
/// </example>
public static class JetStreamConnector
{
    /// <summary>Creates a source over a pull consumer of <see cref="JetStreamSourceOptions.Stream"/>: it connects,
    /// and creates or updates the consumer (explicit acknowledgement, <see cref="JetStreamSourceOptions.AckWait"/>,
    /// no server-side delivery limit: <see cref="Brokers.BrokerSourceOptions.MaxDeliveries"/> is kept by the
    /// source) unless <see cref="JetStreamSourceOptions.CreateConsumer"/> is off.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="NatsConnectionException">The server could not be reached within the connection's
    /// connect timeout (<c>NatsOpts.ConnectTimeout</c>).</exception>
    public static async Task<JetStreamSource<T>> CreateSourceAsync<T>(INatsConnection connection, JetStreamSourceOptions options,
        IMessageSerializer<T> serializer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        options.Validate();
        await NatsConnectionException.ConnectAsync(connection).ConfigureAwait(false);
        var context = new NatsJSContext(connection);
        INatsJSConsumer consumer;
        if (options.CreateConsumer)
        {
            var config = new ConsumerConfig
            {
                DurableName = options.Durable,
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = options.AckWait,
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                FilterSubject = options.FilterSubject,
                MaxDeliver = -1,
            };
            consumer = await context.CreateOrUpdateConsumerAsync(options.Stream, config, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            consumer = await context.GetConsumerAsync(options.Stream, options.Durable!, cancellationToken).ConfigureAwait(false);
        }

        return new JetStreamSource<T>(context, consumer, options, serializer);
    }

    /// <summary>Creates a sink that publishes every item to <see cref="JetStreamSinkOptions{T}.Subject"/> and
    /// completes each delivery on its PubAck (pipelined with <see cref="JetStreamSinkOptions{T}.MaxPublishesInFlight"/>).</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static JetStreamSink<T> CreateSink<T>(INatsConnection connection, JetStreamSinkOptions<T> options, IMessageSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        options.Validate();
        var context = new NatsJSContext(connection, new NatsJSOpts(connection.Opts, requestTimeout: options.PublishTimeout));
        return new JetStreamSink<T>(context, options, serializer);
    }
}
