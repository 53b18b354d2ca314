using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Nats.Core;

namespace Streamcaps.Connectors.Tests.Nats;

/// <summary>Core NATS subjects: fire-and-forget, and what a slow consumer loses.</summary>
[Collection(NatsServerGroup.Name)]
public sealed class NatsSubjectTests(NatsServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task What_the_sink_publishes_the_subscribed_source_receives_in_order()
    {
        await using var nats = server.Connect();
        var subject = $"core.{Guid.NewGuid():N}";
        await using var source = await NatsSubjects.SubscribeAsync(nats, new NatsSubjectSourceOptions { Subject = subject }, MessageSerializer.Utf8);
        var received = new List<string>();
        var reading = Flow.RunAsync(source, Sink.ForEach<NatsSubjectMessage<string>>(message =>
        {
            received.Add(message.Payload);
            if (received.Count == 100)
            {
                _ = source.DisposeAsync().AsTask();
            }
        }));

        await Flow.RunAsync(Source.From(Enumerable.Range(0, 100).Select(i => $"m{i}")),
            NatsSubjects.CreateSink(nats, subject, MessageSerializer.Utf8)).WaitAsync(Timeout);
        await reading.WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received);
        Assert.Equal(0, source.DroppedCount);
    }

    [Fact]
    public async Task A_slow_sink_loses_what_exceeds_the_pending_capacity_and_every_loss_is_counted()
    {
        const int published = 2000;
        const int capacity = 50;
        await using var receiving = server.Connect();
        await using var sending = server.Connect();
        var subject = $"slow.{Guid.NewGuid():N}";
        await using var source = await NatsSubjects.SubscribeAsync(receiving,
            new NatsSubjectSourceOptions { Subject = subject, PendingCapacity = capacity }, MessageSerializer.Utf8);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = 0;
        var reading = Flow.RunAsync(source, Sink.ForEach<NatsSubjectMessage<string>>(async (_, _) =>
        {
            received++;
            await release.Task;
        }));

        await Flow.RunAsync(Source.From(Enumerable.Range(0, published).Select(i => $"m{i}")),
            NatsSubjects.CreateSink(sending, subject, MessageSerializer.Utf8)).WaitAsync(Timeout);
        // A round trip on the receiving connection: everything the server sent it has been read, so the one
        // message in delivery and the full pending buffer are all that was kept.
        await receiving.PingAsync();
        // NATS.Net raises its drop events from a queue of its own, so the count catches up a moment later.
        await Eventually(() => source.DroppedCount >= published - capacity - 1);
        Assert.InRange(source.DroppedCount, published - capacity - 1, published - capacity);

        release.SetResult();
        await Eventually(() => received + source.DroppedCount == published);
        await source.DisposeAsync();
        await reading.WaitAsync(Timeout);

        Assert.Equal(published, received + source.DroppedCount);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
