using System.Threading.Channels;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Time;

public class GroupedWithinTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task GroupedWithin_emits_full_batches_by_count_and_the_rest_at_the_end()
    {
        var batches = new List<int[]>();

        await Flow.RunAsync(Source.From(Enumerable.Range(1, 7)).GroupedWithin(3, Window, new ManualTimeProvider()),
            Sink.ForEach<ReadOnlyMemory<int>>(batch => batches.Add(batch.ToArray()))).WaitAsync(Bound);

        Assert.Equal([[1, 2, 3], [4, 5, 6], [7]], batches);
    }

    [Fact]
    public async Task GroupedWithin_emits_a_partial_batch_when_the_window_closes()
    {
        var clock = new ManualTimeProvider();
        var input = Channel.CreateUnbounded<int>();
        var sink = new ProbeSink<ReadOnlyMemory<int>> { Copy = static batch => batch.ToArray() };
        var flow = Flow.RunAsync(Source.FromChannel(input.Reader).GroupedWithin(10, Window, clock), sink);

        input.Writer.TryWrite(1);
        input.Writer.TryWrite(2);
        await clock.WaitForTimersAsync().WaitAsync(Bound);
        Assert.Empty(sink.Items);

        clock.Advance(Window);
        await sink.Delivering.WaitAsync(Bound);

        Assert.Equal([1, 2], Assert.Single(sink.Items).ToArray());
        input.Writer.Complete();
        await flow.WaitAsync(Bound);
        Assert.Single(sink.Items);
    }

    [Fact]
    public async Task GroupedWithin_passes_the_sources_failure_on_after_the_partial_batch()
    {
        var problem = new IOException("feed lost");
        var sink = new ProbeSink<ReadOnlyMemory<int>> { Copy = static batch => batch.ToArray() };
        var source = Source.Concat(Source.From([1, 2]), Source.Failed<int>(problem)).GroupedWithin(5, Window, new ManualTimeProvider());

        var thrown = await Assert.ThrowsAsync<IOException>(() => Flow.RunAsync(source, sink).WaitAsync(Bound));

        Assert.Same(problem, thrown);
        Assert.Equal([1, 2], Assert.Single(sink.Items).ToArray());
    }

    [Fact]
    public void GroupedWithin_rejects_a_count_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Source.From([1]).GroupedWithin(0, Window));
    }
}

public sealed class GroupedWithinConformance : SourceConformance<ReadOnlyMemory<int>>
{
    protected override IReadOnlyList<ReadOnlyMemory<int>> ExpectedItems { get; } = [new[] { 1, 2 }, new[] { 3 }];

    protected override ISource<ReadOnlyMemory<int>> CreateSource() =>
        Source.From([1, 2, 3]).GroupedWithin(2, TimeSpan.FromSeconds(1), new ManualTimeProvider());

    protected override ReadOnlyMemory<int> Copy(ReadOnlyMemory<int> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<int>> Comparer => IntBatchComparer.Instance;
}

public class BatchTests
{
    [Fact]
    public async Task Batch_delivers_batches_of_the_size_and_a_shorter_last_one()
    {
        var batches = new List<int[]>();

        await Flow.RunAsync(Source.From(Enumerable.Range(1, 5)).Through(Pump.Batch<int>(2)),
            Sink.ForEach<ReadOnlyMemory<int>>(batch => batches.Add(batch.ToArray())));

        Assert.Equal([[1, 2], [3, 4], [5]], batches);
    }
}

public class ThrottleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Throttle_lets_a_burst_through_then_waits_for_the_rate()
    {
        var clock = new ManualTimeProvider();
        var sink = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.From(Enumerable.Range(0, 5)).Through(Pump.Throttle<int>(2, TimeSpan.FromSeconds(1), clock)), sink);

        await clock.WaitForTimersAsync().WaitAsync(Bound);
        Assert.Equal([0, 1], sink.Items);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await clock.WaitForTimersAsync().WaitAsync(Bound);
        Assert.Equal([0, 1, 2], sink.Items);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await clock.WaitForTimersAsync().WaitAsync(Bound);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await flow.WaitAsync(Bound);
        Assert.Equal([0, 1, 2, 3, 4], sink.Items);
        Assert.Equal(clock.GetUtcNow(), new DateTimeOffset(2026, 1, 1, 0, 0, 1, 500, TimeSpan.Zero));
    }

    [Fact]
    public async Task ThrottleBytes_paces_chunks_by_their_length()
    {
        var clock = new ManualTimeProvider();
        var sink = new ProbeSink<ReadOnlyMemory<byte>> { Copy = static m => m.ToArray() };
        ReadOnlyMemory<byte>[] chunks = [new byte[100], new byte[100], new byte[50]];
        var flow = Flow.RunAsync(Source.From(chunks).Through(Pump.ThrottleBytes(100, TimeSpan.FromSeconds(1), clock)), sink);

        await clock.WaitForTimersAsync().WaitAsync(Bound);
        Assert.Single(sink.Items);

        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitForTimersAsync().WaitAsync(Bound);
        Assert.Equal(2, sink.Items.Count);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await flow.WaitAsync(Bound);
        Assert.Equal(3, sink.Items.Count);
    }

    [Fact]
    public async Task Throttle_faults_a_delivery_whose_cost_is_negative()
    {
        var throttle = Pump.Throttle<int>(10, TimeSpan.FromSeconds(1), static x => x, 10, new ManualTimeProvider());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Flow.RunAsync(Source.From([-1]).Through(throttle), Sink.Null<int>()).WaitAsync(Bound));
    }
}

public class DelayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Delay_passes_each_item_on_after_the_delay()
    {
        var clock = new ManualTimeProvider();
        var sink = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.From([1, 2]).Through(Pump.Delay<int>(TimeSpan.FromSeconds(2), clock)), sink);

        await clock.WaitForTimersAsync().WaitAsync(Bound);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(sink.Items);

        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitForTimersAsync().WaitAsync(Bound);
        Assert.Equal([1], sink.Items);

        clock.Advance(TimeSpan.FromSeconds(2));
        await flow.WaitAsync(Bound);
        Assert.Equal([1, 2], sink.Items);
    }
}

public class IdleTimeoutTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task IdleTimeout_fails_a_silent_source_with_TimeoutException()
    {
        var clock = new ManualTimeProvider();
        var silent = Channel.CreateUnbounded<int>();
        var sink = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.FromChannel(silent.Reader).IdleTimeout(Timeout, clock), sink);

        await clock.WaitForTimersAsync().WaitAsync(Bound);
        clock.Advance(Timeout);

        var thrown = await Assert.ThrowsAsync<TimeoutException>(() => flow.WaitAsync(Bound));
        Assert.Same(thrown, sink.Problem);
    }

    [Fact]
    public async Task IdleTimeout_does_not_fire_while_items_keep_coming()
    {
        var clock = new ManualTimeProvider();
        var input = Channel.CreateUnbounded<int>();
        var sink = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.FromChannel(input.Reader).IdleTimeout(Timeout, clock), sink);

        for (var i = 0; i < 3; i++)
        {
            await clock.WaitForTimersAsync().WaitAsync(Bound);
            clock.Advance(Timeout - TimeSpan.FromSeconds(1));
            input.Writer.TryWrite(i);
            await sink.Delivering.WaitAsync(Bound);
            sink.Release();
        }

        input.Writer.Complete();
        await flow.WaitAsync(Bound);
        Assert.Equal([0, 1, 2], sink.Items);
    }

    [Fact]
    public async Task IdleTimeout_does_not_count_a_slow_downstream_delivery()
    {
        var clock = new ManualTimeProvider();
        var input = Channel.CreateUnbounded<int>();
        var sink = Sink.ForEach<int>(async (_, token) => await Task.Delay(Timeout * 3, clock, token));
        var flow = Flow.RunAsync(Source.FromChannel(input.Reader).IdleTimeout(Timeout, clock), sink);

        await clock.WaitForTimersAsync(1).WaitAsync(Bound);
        input.Writer.TryWrite(1);
        await clock.WaitForTimersAsync(2).WaitAsync(Bound);
        clock.Advance(Timeout * 3);
        input.Writer.Complete();

        await flow.WaitAsync(Bound);
    }

    [Fact]
    public void IdleTimeout_rejects_a_timeout_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Source.From([1]).IdleTimeout(TimeSpan.Zero));
    }
}

public sealed class IdleTimeoutConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3]).IdleTimeout(TimeSpan.FromSeconds(5), new ManualTimeProvider());
}
