using StackExchange.Redis;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Connectors.Tests.Conformance;
using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Redis;

namespace Streamcaps.Connectors.Tests.Redis;

/// <summary>The Redis Streams source and sink through the same connector conformance suite as JetStream, on a real
/// redis-server: the abstraction is not NATS-shaped.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisStreamConformance(RedisServer server) : ConnectorConformance<RedisStreamMessage<string>>, IAsyncLifetime
{
    private const string Group = "workers";
    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync() => _admin = await server.ConnectAsync();

    public async Task DisposeAsync() => await _admin.DisposeAsync();

    protected override Task<string> CreateQueueAsync() => Task.FromResult($"conf-{Guid.NewGuid():N}");

    protected override async Task PublishAsync(string queue, IEnumerable<string> payloads) =>
        await Flow.RunAsync(Source.From(payloads), RedisStreams.CreateSink(_admin.GetDatabase(), queue, MessageSerializer.Utf8)).WaitAsync(Timeout);

    protected override async Task PublishRawAsync(string queue, ReadOnlyMemory<byte> payload) =>
        await Flow.RunAsync(Source.From([payload]), RedisStreams.CreateSink(_admin.GetDatabase(), queue, MessageSerializer.Raw)).WaitAsync(Timeout);

    protected override async Task<TestSource> OpenSourceAsync(string queue, SourceSettings settings)
    {
        var connection = await server.ConnectAsync();
        var source = await RedisStreams.CreateSourceAsync(connection.GetDatabase(), new RedisStreamSourceOptions
        {
            StreamKey = queue,
            Group = Group,
            Consumer = $"consumer-{Guid.NewGuid():N}",
            ClaimMinIdleTime = TimeSpan.FromSeconds(1),
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxBatch = settings.MaxBatch,
            Acknowledgement = settings.Acknowledgement,
            OnDeliveryFailure = settings.OnDeliveryFailure,
            MaxDeliveries = settings.MaxDeliveries,
            NakDelay = settings.NakDelay,
            DeadLetterStreamKey = Dead(queue),
        }, MessageSerializer.Utf8);
        return new RedisTestSource(connection, source);
    }

    protected override async Task<int> UnacknowledgedAsync(string queue) =>
        (int)(await _admin.GetDatabase().StreamPendingAsync(queue, Group)).PendingMessageCount;

    protected override async Task<IReadOnlyList<(string Payload, string Error)>> DeadLettersAsync(string queue)
    {
        var entries = await _admin.GetDatabase().StreamRangeAsync(Dead(queue));
        return [.. entries.Select(entry => ((string)entry["data"]!, (string)entry["error"]!))];
    }

    protected override string PayloadOf(RedisStreamMessage<string> message) => message.Payload;

    protected override ulong DeliveryCountOf(RedisStreamMessage<string> message) => message.DeliveryCount;

    private static string Dead(string queue) => queue + "-dead";

    private sealed class RedisTestSource(ConnectionMultiplexer connection, RedisStreamSource<string> source) : TestSource
    {
        public override ISource<RedisStreamMessage<string>> Source => source;

        public override void StopSource() => source.Stop();

        public override async Task CrashAsync() => await connection.CloseAsync(allowCommandsToComplete: false);

        public override async ValueTask DisposeAsync()
        {
            source.Dispose();
            await connection.DisposeAsync();
        }
    }
}
