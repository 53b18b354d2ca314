using Streamcaps.Brokers.Acknowledgement;

namespace Streamcaps.Connectors.Tests.Conformance;

/// <summary>
/// The broker connector contract as tests every connector inherits (after the core suite's
/// <c>SourceConformance</c>): order kept within a queue, acknowledgement only after delivery, redelivery after a
/// crash, backpressure bounded by the batch, dead-lettering after the delivery limit, cancellation, clean stop, and
/// acknowledgement of whole batches across a buffering pump. Subclass it with a harness over a real server.
/// </summary>
/// <typeparam name="TMessage">The connector's message envelope.</typeparam>
public abstract class ConnectorConformance<TMessage> where TMessage : IAcknowledgeable
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How a test wants its source; the harness maps it onto the connector's options.</summary>
    public sealed record SourceSettings
    {
        public int MaxBatch { get; init; } = 16;

        public AcknowledgementMode Acknowledgement { get; init; } = AcknowledgementMode.AfterDelivery;

        public DeliveryFailureMode OnDeliveryFailure { get; init; } = DeliveryFailureMode.FailFlow;

        public int? MaxDeliveries { get; init; }

        public TimeSpan NakDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>A source on its own connection, so a test can crash it (drop the connection without a word).</summary>
    public abstract class TestSource : IAsyncDisposable
    {
        public abstract ISource<TMessage> Source { get; }

        public abstract void StopSource();

        /// <summary>Drops the source's connection as a killed process would: nothing acknowledged, nothing handed back.</summary>
        public abstract Task CrashAsync();

        public abstract ValueTask DisposeAsync();
    }

    /// <summary>A queue (stream) of this test's own, with one consumer group.</summary>
    protected abstract Task<string> CreateQueueAsync();

    /// <summary>Publishes the payloads to the queue through the connector's own sink, in order.</summary>
    protected abstract Task PublishAsync(string queue, IEnumerable<string> payloads);

    /// <summary>Publishes one payload as these bytes, past the serializer (to put an unreadable message in the queue).</summary>
    protected abstract Task PublishRawAsync(string queue, ReadOnlyMemory<byte> payload);

    /// <summary>Opens a new consumer of the queue's group; a crashed consumer's messages come back to another one
    /// within a few seconds (the harness sets the broker's redelivery wait short).</summary>
    protected abstract Task<TestSource> OpenSourceAsync(string queue, SourceSettings settings);

    /// <summary>How many messages the broker counts as delivered and not acknowledged in the queue's group.</summary>
    protected abstract Task<int> UnacknowledgedAsync(string queue);

    /// <summary>The payloads and errors in the queue's dead-letter destination.</summary>
    protected abstract Task<IReadOnlyList<(string Payload, string Error)>> DeadLettersAsync(string queue);

    protected abstract string PayloadOf(TMessage message);

    protected abstract ulong DeliveryCountOf(TMessage message);

    [Fact]
    public async Task Delivers_every_message_once_in_publish_order()
    {
        var queue = await CreateQueueAsync();
        var expected = Enumerable.Range(0, 200).Select(i => $"m{i}").ToList();
        await PublishAsync(queue, expected);
        await using var source = await OpenSourceAsync(queue, new SourceSettings());
        var sink = new RecordingSink<TMessage>(message => StopAfter(source, message, expected[^1]));

        await Flow.RunAsync(source.Source, sink).WaitAsync(Timeout);

        Assert.Equal(expected, sink.Items.Select(PayloadOf));
        Assert.Equal(1, sink.Completions);
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 0, "every message acknowledged");
    }

    [Fact]
    public async Task Acknowledges_a_message_only_after_its_delivery_completed()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, ["a", "b"]);
        await using var source = await OpenSourceAsync(queue, new SourceSettings());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink<TMessage>(message => PayloadOf(message) == "a" ? release.Task : StopAfter(source, message, "b"));

        var flow = Flow.RunAsync(source.Source, sink);
        await sink.NextArrivalAsync(Timeout);
        Assert.True(await UnacknowledgedAsync(queue) >= 1, "a message whose delivery is still open was acknowledged");

        release.SetResult();
        await flow.WaitAsync(Timeout);
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 0, "both messages acknowledged once delivered");
    }

    [Fact]
    public async Task Redelivers_what_a_crashed_consumer_had_not_acknowledged()
    {
        var queue = await CreateQueueAsync();
        var expected = Enumerable.Range(0, 20).Select(i => $"m{i}").ToList();
        await PublishAsync(queue, expected);
        var crashed = await OpenSourceAsync(queue, new SourceSettings { MaxBatch = 5 });
        var never = new TaskCompletionSource();
        var first = new RecordingSink<TMessage>(message => PayloadOf(message) == "m2" ? never.Task : Task.CompletedTask);
        _ = Flow.RunAsync(crashed.Source, first);
        while (PayloadOf(await first.NextArrivalAsync(Timeout)) != "m2")
        {
        }

        await crashed.CrashAsync();

        await using var survivor = await OpenSourceAsync(queue, new SourceSettings { MaxBatch = 5 });
        var seen = new HashSet<string>(first.Items.Take(2).Select(PayloadOf));
        var second = new RecordingSink<TMessage>(message =>
        {
            lock (seen)
            {
                seen.Add(PayloadOf(message));
                if (seen.Count == expected.Count)
                {
                    survivor.StopSource();
                }
            }

            return Task.CompletedTask;
        });
        await Flow.RunAsync(survivor.Source, second).WaitAsync(Timeout);

        Assert.Equal(expected.ToHashSet(), seen);
        var redelivered = Assert.Single(second.Items, message => PayloadOf(message) == "m2");
        Assert.True(DeliveryCountOf(redelivered) >= 2, $"m2 came with delivery count {DeliveryCountOf(redelivered)}");
        Assert.DoesNotContain(second.Items, message => PayloadOf(message) is "m0" or "m1");
    }

    [Fact]
    public async Task A_slow_sink_holds_the_fetch_to_one_batch_unacknowledged()
    {
        const int batch = 5;
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, Enumerable.Range(0, 30).Select(i => $"m{i}"));
        await using var source = await OpenSourceAsync(queue, new SourceSettings { MaxBatch = batch });
        var gates = new Dictionary<string, TaskCompletionSource>();
        var sink = new RecordingSink<TMessage>(message => Gate(gates, PayloadOf(message)).Task);
        var flow = Flow.RunAsync(source.Source, sink);

        for (var i = 0; i < 30; i++)
        {
            var arrived = await sink.NextArrivalAsync(Timeout);
            var unacknowledged = await UnacknowledgedAsync(queue);
            Assert.InRange(unacknowledged, 1, batch);
            if (i == 29)
            {
                source.StopSource();
            }

            Gate(gates, PayloadOf(arrived)).SetResult();
        }

        await flow.WaitAsync(Timeout);
        Assert.Equal(30, sink.Items.Count);
    }

    [Fact]
    public async Task A_failed_delivery_fails_the_flow_and_hands_the_message_back()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, ["a", "b"]);
        var problem = new InvalidOperationException("the sink could not take a");
        await using (var failing = await OpenSourceAsync(queue, new SourceSettings()))
        {
            var sink = new RecordingSink<TMessage>(_ => Task.FromException(problem));
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Flow.RunAsync(failing.Source, sink).WaitAsync(Timeout));
            Assert.Same(problem, failure);
        }

        await using var next = await OpenSourceAsync(queue, new SourceSettings());
        var again = new RecordingSink<TMessage>(StopOnceSeen(next, "a", "b"));
        await Flow.RunAsync(next.Source, again).WaitAsync(Timeout);

        var redelivered = Assert.Single(again.Items, message => PayloadOf(message) == "a");
        Assert.True(DeliveryCountOf(redelivered) >= 2);
    }

    [Fact]
    public async Task Dead_letters_a_message_after_the_delivery_limit_and_goes_on()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, ["poison", "fine"]);
        await using var source = await OpenSourceAsync(queue, new SourceSettings
        {
            MaxDeliveries = 3,
            OnDeliveryFailure = DeliveryFailureMode.Continue,
        });
        var attempts = 0;
        var sink = new RecordingSink<TMessage>(message =>
        {
            if (PayloadOf(message) == "poison")
            {
                attempts++;
                return Task.FromException(new FormatException("cannot digest poison"));
            }

            return Task.CompletedTask;
        });
        var flow = Flow.RunAsync(source.Source, sink);

        await EventuallyAsync(async () => (await DeadLettersAsync(queue)).Count == 1, "the poison message dead-lettered");
        await EventuallyAsync(() => Task.FromResult(sink.Items.Any(m => PayloadOf(m) == "fine")), "the fine message delivered");
        source.StopSource();
        await flow.WaitAsync(Timeout);

        var (payload, error) = Assert.Single(await DeadLettersAsync(queue));
        Assert.Equal("poison", payload);
        Assert.Contains("cannot digest poison", error, StringComparison.Ordinal);
        Assert.Equal(3, attempts);
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 0, "nothing left pending");
    }

    [Fact]
    public async Task Dead_letters_an_unreadable_payload_at_once_and_goes_on()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, ["before"]);
        await PublishRawAsync(queue, new byte[] { 0xFF, 0xFE, (byte)'x' });
        await PublishAsync(queue, ["after"]);
        // The default failure mode fails the flow on a failed delivery; an unreadable input is no failed delivery.
        await using var source = await OpenSourceAsync(queue, new SourceSettings());
        var sink = new RecordingSink<TMessage>(message => StopAfter(source, message, "after"));

        await Flow.RunAsync(source.Source, sink).WaitAsync(Timeout);

        Assert.Equal(["before", "after"], sink.Items.Select(PayloadOf));
        Assert.Equal(1, sink.Completions);
        var (_, error) = Assert.Single(await DeadLettersAsync(queue));
        Assert.Contains("not valid UTF-8", error, StringComparison.Ordinal);
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 0, "nothing left pending");
    }

    [Fact]
    public async Task Dead_letters_once_a_message_whose_consumers_die_mid_delivery_and_delivers_the_rest()
    {
        const int maxDeliveries = 3;
        var queue = await CreateQueueAsync();
        var rest = Enumerable.Range(0, 12).Select(i => $"m{i}").ToList();
        await PublishAsync(queue, [rest[0], "poison", .. rest[1..]]);
        var settings = new SourceSettings { MaxBatch = 8, MaxDeliveries = maxDeliveries };
        var delivered = new HashSet<string>();
        RecordingSink<TMessage> Recording(Func<TMessage, Task> onPoison) => new(message =>
        {
            if (PayloadOf(message) == "poison")
            {
                return onPoison(message);
            }

            lock (delivered)
            {
                delivered.Add(PayloadOf(message));
            }

            return Task.CompletedTask;
        });

        // A payload that kills its worker: every consumer that gets it dies mid-delivery, without a word.
        for (var crash = 1; crash <= maxDeliveries; crash++)
        {
            var doomed = await OpenSourceAsync(queue, settings);
            var poisoned = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Flow.RunAsync(doomed.Source, Recording(message =>
            {
                poisoned.TrySetResult(DeliveryCountOf(message));
                return new TaskCompletionSource().Task;
            }));
            Assert.Equal((ulong)crash, await poisoned.Task.WaitAsync(Timeout));
            await doomed.CrashAsync();
        }

        await using var survivor = await OpenSourceAsync(queue, settings);
        var flow = Flow.RunAsync(survivor.Source, Recording(_ => Task.FromException(new InvalidOperationException("poison delivered again"))));
        await EventuallyAsync(async () =>
        {
            lock (delivered)
            {
                if (delivered.Count < rest.Count)
                {
                    return false;
                }
            }

            return (await DeadLettersAsync(queue)).Count > 0;
        }, "the rest delivered and the poison dead-lettered");
        survivor.StopSource();
        await flow.WaitAsync(Timeout);

        Assert.Equal(rest.ToHashSet(), delivered);
        var (payload, error) = Assert.Single(await DeadLettersAsync(queue));
        Assert.Equal("poison", payload);
        Assert.Contains(nameof(Brokers.DeliveryLimitExceededException), error, StringComparison.Ordinal);
        Assert.Contains($"Delivered {maxDeliveries + 1} times", error, StringComparison.Ordinal);
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 0, "nothing left pending");
    }

    [Fact]
    public async Task Cancelling_a_waiting_flow_cancels_it_without_a_signal_to_the_sink()
    {
        var queue = await CreateQueueAsync();
        await using var source = await OpenSourceAsync(queue, new SourceSettings());
        var sink = new RecordingSink<TMessage>();
        using var cancel = new CancellationTokenSource();
        var flow = Flow.RunAsync(source.Source, sink, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Timeout));
        Assert.Empty(sink.Items);
        Assert.Equal(0, sink.Completions);
    }

    [Fact]
    public async Task Cancelling_a_delivery_hands_its_message_back_for_the_next_consumer()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, ["a"]);
        await using (var first = await OpenSourceAsync(queue, new SourceSettings()))
        {
            using var cancel = new CancellationTokenSource();
            var sink = new RecordingSink<TMessage>(_ => new TaskCompletionSource().Task);
            var flow = Flow.RunAsync(first.Source, sink, cancel.Token);
            await sink.NextArrivalAsync(Timeout);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Timeout));
        }

        await using var second = await OpenSourceAsync(queue, new SourceSettings());
        var again = new RecordingSink<TMessage>(message => StopAfter(second, message, "a"));
        await Flow.RunAsync(second.Source, again).WaitAsync(Timeout);
        Assert.Equal(["a"], again.Items.Select(PayloadOf));
    }

    [Fact]
    public async Task Stop_finishes_the_delivery_in_flight_then_completes_the_sink()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, ["a", "b", "c"]);
        await using var source = await OpenSourceAsync(queue, new SourceSettings());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink<TMessage>(_ => release.Task);
        var flow = Flow.RunAsync(source.Source, sink);
        await sink.NextArrivalAsync(Timeout);

        source.StopSource();
        release.SetResult();
        await flow.WaitAsync(Timeout);

        Assert.Equal(["a"], sink.Items.Select(PayloadOf));
        Assert.Equal(1, sink.Completions);

        await using var next = await OpenSourceAsync(queue, new SourceSettings());
        var rest = new RecordingSink<TMessage>(StopOnceSeen(next, "b", "c"));
        await Flow.RunAsync(next.Source, rest).WaitAsync(Timeout);
        // a was acknowledged when its delivery finished; b and c, fetched but not delivered, come to the next
        // consumer (handed back, so their order may change).
        Assert.Equal(["b", "c"], rest.Items.Select(PayloadOf).Order());
    }

    [Fact]
    public async Task A_batching_pump_with_batch_acknowledgement_acknowledges_only_written_batches()
    {
        var queue = await CreateQueueAsync();
        await PublishAsync(queue, Enumerable.Range(0, 20).Select(i => $"m{i}"));
        await using var source = await OpenSourceAsync(queue, new SourceSettings
        {
            MaxBatch = 20,
            Acknowledgement = AcknowledgementMode.Manual,
        });
        var secondBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new RecordingSink<ReadOnlyMemory<TMessage>>(batch =>
            PayloadOf(batch.Span[0]) == "m10" ? secondBatch.Task : Task.CompletedTask);
        var flow = Flow.RunAsync(source.Source.Through(Pump.Batch<TMessage>(10)), AcknowledgingSink.ForBatches(batches));

        await batches.NextArrivalAsync(Timeout);
        await batches.NextArrivalAsync(Timeout);
        // The pump finished the deliveries of m10..m19 when it buffered them; their batch is not written yet.
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 10, "only the first batch acknowledged");
        Assert.Equal(10, await UnacknowledgedAsync(queue));

        secondBatch.SetResult();
        await EventuallyAsync(async () => await UnacknowledgedAsync(queue) == 0, "the second batch acknowledged once written");
        source.StopSource();
        await flow.WaitAsync(Timeout);
    }

    /// <summary>Stops <paramref name="source"/> when <paramref name="message"/> is the last one the test expects.</summary>
    protected Task StopAfter(TestSource source, TMessage message, string last)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (PayloadOf(message) == last)
        {
            source.StopSource();
        }

        return Task.CompletedTask;
    }

    /// <summary>A delivery that stops <paramref name="source"/> once every one of <paramref name="payloads"/> arrived,
    /// in whatever order (a message handed back may come after later ones).</summary>
    protected Func<TMessage, Task> StopOnceSeen(TestSource source, params string[] payloads)
    {
        ArgumentNullException.ThrowIfNull(source);
        var missing = new HashSet<string>(payloads);
        return message =>
        {
            lock (missing)
            {
                if (missing.Remove(PayloadOf(message)) && missing.Count == 0)
                {
                    source.StopSource();
                }
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Polls a broker-side condition until it holds (the broker applies acks asynchronously).</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Not reached within {Timeout}: {what}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static TaskCompletionSource Gate(Dictionary<string, TaskCompletionSource> gates, string key)
    {
        lock (gates)
        {
            if (!gates.TryGetValue(key, out var gate))
            {
                gates[key] = gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return gate;
        }
    }
}
