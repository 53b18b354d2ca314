using System.Text.Json.Serialization;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Nats;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Connectors.Tests.Nats;

/// <summary>The JetStream sink's own promises: PubAck per delivery, message-id dedupe, the pipelined window's
/// rules, and clear errors.</summary>
[Collection(NatsServerGroup.Name)]
public sealed class JetStreamSinkTests(NatsServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private NatsConnection _nats = null!;

    public async Task InitializeAsync()
    {
        _nats = server.Connect();
        await _nats.ConnectAsync();
    }

    public async Task DisposeAsync() => await _nats.DisposeAsync();

    [Fact]
    public async Task Every_completed_delivery_is_stored_in_the_stream()
    {
        var stream = await NatsServer.CreateStreamAsync(_nats, "SINK");
        var sink = JetStreamConnector.CreateSink(_nats, new JetStreamSinkOptions<string> { Subject = stream.ToLowerInvariant() + ".x" },
            MessageSerializer.Utf8);

        for (var i = 0; i < 5; i++)
        {
            await sink.RunAsync($"item {i}").AsTask().WaitAsync(Timeout);
            Assert.Equal((ulong)(i + 1), await StoredAsync(stream));
        }

        await sink.CompleteAsync();
    }

    [Fact]
    public async Task A_repeated_message_id_is_a_success_and_stored_once()
    {
        var stream = await NatsServer.CreateStreamAsync(_nats, "DEDUP");
        var sink = JetStreamConnector.CreateSink(_nats, new JetStreamSinkOptions<string>
        {
            Subject = stream.ToLowerInvariant() + ".x",
            MessageId = item => item,
        }, MessageSerializer.Utf8);

        await Flow.RunAsync(Source.From(["a", "b", "a", "b", "c"]), sink).WaitAsync(Timeout);

        Assert.Equal(3UL, await StoredAsync(stream));
    }

    [Fact]
    public async Task A_pipelined_sink_stores_everything_by_the_time_it_completes()
    {
        var stream = await NatsServer.CreateStreamAsync(_nats, "PIPE");
        var published = new List<int>();
        var sink = JetStreamConnector.CreateSink(_nats, new JetStreamSinkOptions<int>
        {
            Subject = stream.ToLowerInvariant() + ".x",
            MaxPublishesInFlight = 32,
            Published = (item, _) =>
            {
                published.Add(item);
                return default;
            },
        }, MessageSerializer.Json(TestJson.Default.Int32));

        await Flow.RunAsync(Source.From(Enumerable.Range(0, 1000)), sink).WaitAsync(Timeout);

        Assert.Equal(1000UL, await StoredAsync(stream));
        Assert.Equal(Enumerable.Range(0, 1000), published);
    }

    [Fact]
    public async Task Publishing_to_a_subject_without_a_stream_fails_with_a_clear_error()
    {
        var sink = JetStreamConnector.CreateSink(_nats, new JetStreamSinkOptions<string>
        {
            Subject = $"nobody.{Guid.NewGuid():N}",
            PublishTimeout = TimeSpan.FromSeconds(1),
        }, MessageSerializer.Utf8);

        var failure = await Assert.ThrowsAsync<JetStreamNoStreamException>(() => sink.RunAsync("lost?").AsTask().WaitAsync(Timeout));

        Assert.Contains("No JetStream stream captures subject 'nobody.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipelined_sink_reports_a_failed_publish_on_the_next_call_and_on_complete()
    {
        var sink = JetStreamConnector.CreateSink(_nats, new JetStreamSinkOptions<string>
        {
            Subject = $"nobody.{Guid.NewGuid():N}",
            PublishTimeout = TimeSpan.FromSeconds(1),
            MaxPublishesInFlight = 2,
        }, MessageSerializer.Utf8);

        // Handed to the window: these complete before any PubAck could arrive.
        await sink.RunAsync("one").AsTask().WaitAsync(Timeout);
        await sink.RunAsync("two").AsTask().WaitAsync(Timeout);

        // The window is full: the third waits for the first PubAck, which never comes.
        await Assert.ThrowsAsync<JetStreamNoStreamException>(() => sink.RunAsync("three").AsTask().WaitAsync(Timeout));
        await Assert.ThrowsAsync<JetStreamNoStreamException>(() => sink.CompleteAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Json_payloads_round_trip_through_a_source_generated_context()
    {
        var stream = await NatsServer.CreateStreamAsync(_nats, "JSON");
        var serializer = MessageSerializer.Json(TestJson.Default.Order);
        var orders = new[] { new Order("o-1", 3), new Order("o-2", 5) };
        await Flow.RunAsync(Source.From(orders),
            JetStreamConnector.CreateSink(_nats, new JetStreamSinkOptions<Order> { Subject = stream.ToLowerInvariant() + ".orders" }, serializer))
            .WaitAsync(Timeout);

        await using var source = await JetStreamConnector.CreateSourceAsync(_nats, new JetStreamSourceOptions { Stream = stream }, serializer);
        var received = new List<Order>();
        await Flow.RunAsync(source, Sink.ForEach<JetStreamMessage<Order>>(message =>
        {
            received.Add(message.Payload);
            Assert.Equal(stream.ToLowerInvariant() + ".orders", message.Subject);
            Assert.Equal((ulong)received.Count, message.StreamSequence);
            if (received.Count == orders.Length)
            {
                source.Stop();
            }
        })).WaitAsync(Timeout);

        Assert.Equal(orders, received);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_a_clear_error_after_the_connect_timeout()
    {
        var port = ServerProcess.FreePort();
        await using var nowhere = new NatsConnection(new NatsOpts { Url = $"nats://127.0.0.1:{port}", ConnectTimeout = TimeSpan.FromSeconds(1) });

        var failure = await Assert.ThrowsAsync<NatsConnectionException>(() =>
            JetStreamConnector.CreateSourceAsync(nowhere, new JetStreamSourceOptions { Stream = "ANY" }, MessageSerializer.Utf8).WaitAsync(Timeout));

        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("connect timeout (1 s)", failure.Message, StringComparison.Ordinal);
    }

    private async Task<ulong> StoredAsync(string stream)
    {
        var info = await new NatsJSContext(_nats).GetStreamAsync(stream);
        return (ulong)info.Info.State.Messages;
    }
}

public sealed record Order(string Id, int Quantity);

[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(int))]
internal sealed partial class TestJson : JsonSerializerContext;
