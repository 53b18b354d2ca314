using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Connectors.Tests.Conformance;
using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Connectors.Tests.Nats;

/// <summary>The JetStream source and sink through the connector conformance suite, on a real nats-server.</summary>
[Collection(NatsServerGroup.Name)]
public sealed class JetStreamConformance(NatsServer server) : ConnectorConformance<JetStreamMessage<string>>, IAsyncLifetime
{
    private const string Durable = "workers";
    private NatsConnection _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = server.Connect();
        await _admin.ConnectAsync();
    }

    public async Task DisposeAsync() => await _admin.DisposeAsync();

    protected override async Task<string> CreateQueueAsync() => await NatsServer.CreateStreamAsync(_admin, "CONF");

    protected override async Task PublishAsync(string queue, IEnumerable<string> payloads)
    {
        var sink = JetStreamConnector.CreateSink(_admin, new JetStreamSinkOptions<string> { Subject = In(queue), MaxPublishesInFlight = 64 },
            MessageSerializer.Utf8);
        await Flow.RunAsync(Source.From(payloads), sink).WaitAsync(Timeout);
    }

    protected override async Task PublishRawAsync(string queue, ReadOnlyMemory<byte> payload) =>
        await Flow.RunAsync(Source.From([payload]),
            JetStreamConnector.CreateSink(_admin, new JetStreamSinkOptions<ReadOnlyMemory<byte>> { Subject = In(queue) }, MessageSerializer.Raw))
            .WaitAsync(Timeout);

    protected override async Task<TestSource> OpenSourceAsync(string queue, SourceSettings settings)
    {
        var connection = server.Connect();
        var source = await JetStreamConnector.CreateSourceAsync(connection, new JetStreamSourceOptions
        {
            Stream = queue,
            Durable = Durable,
            FilterSubject = In(queue),
            AckWait = TimeSpan.FromSeconds(3),
            FetchExpiry = TimeSpan.FromSeconds(1),
            MaxBatch = settings.MaxBatch,
            Acknowledgement = settings.Acknowledgement,
            OnDeliveryFailure = settings.OnDeliveryFailure,
            MaxDeliveries = settings.MaxDeliveries,
            NakDelay = settings.NakDelay,
            DeadLetterSubject = Dead(queue),
        }, MessageSerializer.Utf8);
        return new NatsTestSource(connection, source);
    }

    protected override async Task<int> UnacknowledgedAsync(string queue)
    {
        var consumer = await new NatsJSContext(_admin).GetConsumerAsync(queue, Durable);
        return consumer.Info.NumAckPending;
    }

    protected override async Task<IReadOnlyList<(string Payload, string Error)>> DeadLettersAsync(string queue)
    {
        var js = new NatsJSContext(_admin);
        var consumer = await js.CreateOrUpdateConsumerAsync(queue, new ConsumerConfig
        {
            Name = $"letters{Guid.NewGuid():N}",
            FilterSubject = Dead(queue),
            AckPolicy = ConsumerConfigAckPolicy.None,
            InactiveThreshold = TimeSpan.FromSeconds(30),
        });
        var letters = new List<(string, string)>();
        var stored = (int)consumer.Info.NumPending;
        if (stored == 0)
        {
            return letters;
        }

        await foreach (var message in consumer.FetchAsync<string>(new NatsJSFetchOpts { MaxMsgs = stored, Expires = Timeout }))
        {
            letters.Add((message.Data!, message.Headers?["Streamcaps-Error"].ToString() ?? ""));
        }

        return letters;
    }

    protected override string PayloadOf(JetStreamMessage<string> message) => message.Payload;

    protected override ulong DeliveryCountOf(JetStreamMessage<string> message) => message.DeliveryCount;

    private static string In(string queue) => queue.ToLowerInvariant() + ".in";

    private static string Dead(string queue) => queue.ToLowerInvariant() + ".dead";

    private sealed class NatsTestSource(NatsConnection connection, JetStreamSource<string> source) : TestSource
    {
        public override ISource<JetStreamMessage<string>> Source => source;

        public override void StopSource() => source.Stop();

        public override async Task CrashAsync() => await connection.DisposeAsync();

        public override async ValueTask DisposeAsync()
        {
            await source.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
