using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Connectors.Tests.Nats;

/// <summary>What the JetStream source adds to the connector contract: consumers on one durable share the work.</summary>
[Collection(NatsServerGroup.Name)]
public sealed class JetStreamSourceTests(NatsServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sources_on_one_durable_consumer_share_the_messages_each_once()
    {
        const int count = 400;
        await using var admin = server.Connect();
        var stream = await NatsServer.CreateStreamAsync(admin, "SHARE");
        await Flow.RunAsync(Source.From(Enumerable.Range(0, count).Select(i => $"{i}")),
            JetStreamConnector.CreateSink(admin, new JetStreamSinkOptions<string> { Subject = stream.ToLowerInvariant() + ".x", MaxPublishesInFlight = 64 },
                MessageSerializer.Utf8)).WaitAsync(Timeout);

        var options = new JetStreamSourceOptions { Stream = stream, Durable = "shared", MaxBatch = 10 };
        await using var firstConnection = server.Connect();
        await using var secondConnection = server.Connect();
        await using var first = await JetStreamConnector.CreateSourceAsync(firstConnection, options, MessageSerializer.Utf8);
        await using var second = await JetStreamConnector.CreateSourceAsync(secondConnection, options, MessageSerializer.Utf8);
        var seen = new List<(int Worker, string Payload)>();
        ISink<JetStreamMessage<string>> Worker(int worker) => Sink.ForEach<JetStreamMessage<string>>(async (message, _) =>
        {
            lock (seen)
            {
                seen.Add((worker, message.Payload));
                if (seen.Count == count)
                {
                    first.Stop();
                    second.Stop();
                }
            }

            // A little work, so neither worker drains the stream alone.
            await Task.Yield();
        });

        await Task.WhenAll(Flow.RunAsync(first, Worker(1)), Flow.RunAsync(second, Worker(2))).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{i}").Order(), seen.Select(s => s.Payload).Order());
        Assert.Contains(seen, s => s.Worker == 1);
        Assert.Contains(seen, s => s.Worker == 2);
    }
}
