using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Composition;

public class BroadcastTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Broadcast_delivers_every_item_to_every_subscriber_and_completes_them_all()
    {
        var first = Sink.ToList<int>();
        var second = Sink.ToList<int>();

        await Flow.RunAsync(Source.From([1, 2, 3]), Sink.Broadcast(first, second)).WaitAsync(Bound);

        Assert.Equal([1, 2, 3], await first.Result);
        Assert.Equal([1, 2, 3], await second.Result);
    }

    [Fact]
    public async Task Broadcast_waits_for_the_slowest_subscriber()
    {
        var source = new CountingSource();
        var slow = new ProbeSink<int> { Stall = true };
        var fast = new ProbeSink<int>();
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(source, Sink.Broadcast(slow, fast), stop.Token);

        await slow.Delivering.WaitAsync(Bound);
        await source.Blocked.WaitAsync(Bound);

        Assert.Equal(1, source.Produced);
        Assert.Equal([0], fast.Items);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
    }

    [Fact]
    public async Task Broadcast_keeps_a_lent_item_valid_until_every_subscriber_is_done()
    {
        var first = new LentMemoryCheckingSink();
        var second = new LentMemoryCheckingSink();

        await Flow.RunAsync(new LentBufferSource(50), Sink.Broadcast<ReadOnlyMemory<byte>>(first, second)).WaitAsync(Bound);

        Assert.Empty(first.Violations.Concat(second.Violations));
        Assert.Equal(50, first.FirstBytes.Count);
        Assert.Equal(50, second.FirstBytes.Count);
    }

    [Fact]
    public async Task Broadcast_fails_with_a_throwing_subscribers_problem_and_aborts_the_others()
    {
        var problem = new IOException("disk full");
        var healthy = new ProbeSink<int>();
        var failing = new ProbeSink<int> { FailNext = problem };

        var failure = await Assert.ThrowsAsync<IOException>(
            () => Flow.RunAsync(Source.From([1, 2, 3]), Sink.Broadcast(healthy, failing)).WaitAsync(Bound));

        Assert.Same(problem, failure);
        Assert.Same(problem, healthy.Problem);
        Assert.Equal(0, healthy.Completions);
    }

    [Fact]
    public async Task Broadcast_fails_with_a_subscriber_whose_delivery_faults_later()
    {
        var problem = new IOException("connection lost");
        var healthy = new ProbeSink<int>();
        var failing = Sink.ForEach<int>(async (item, _) =>
        {
            await Task.Yield();
            throw problem;
        });

        var failure = await Assert.ThrowsAsync<IOException>(
            () => Flow.RunAsync(Source.From([1, 2, 3]), Sink.Broadcast(healthy, failing)).WaitAsync(Bound));

        Assert.Same(problem, failure);
        Assert.Same(problem, healthy.Problem);
    }

    [Fact]
    public async Task Broadcast_can_drop_a_failed_subscriber_and_go_on_with_the_others()
    {
        var problem = new IOException("peer gone");
        var healthy = Sink.ToList<int>();
        var failing = new ProbeSink<int> { FailNext = problem };
        var broadcast = Sink.Broadcast(new BroadcastOptions { SubscriberFailures = SubscriberFailurePolicy.DropSubscriber }, healthy, failing);

        await Flow.RunAsync(Source.From([1, 2, 3]), broadcast).WaitAsync(Bound);

        Assert.Equal([1, 2, 3], await healthy.Result);
        Assert.Same(problem, failing.Problem);
        Assert.Equal(1, broadcast.ActiveSubscriberCount);
    }

    [Fact]
    public async Task Broadcast_fails_when_its_last_subscriber_was_dropped()
    {
        var problem = new IOException("peer gone");
        var only = new ProbeSink<int> { FailNext = problem };
        var broadcast = Sink.Broadcast(new BroadcastOptions { SubscriberFailures = SubscriberFailurePolicy.DropSubscriber }, only);

        var failure = await Assert.ThrowsAsync<IOException>(() => Flow.RunAsync(Source.From([1, 2]), broadcast).WaitAsync(Bound));

        Assert.Same(problem, failure);
    }

    [Fact]
    public async Task Broadcast_with_Drop_skips_a_lagging_subscriber_and_counts_what_it_missed()
    {
        var lagging = new ProbeSink<int> { Stall = true };
        var fast = Sink.ToList<int>();
        var broadcast = Sink.Broadcast(new BroadcastOptions { LaggingSubscribers = LaggingSubscriberPolicy.Drop }, lagging, fast);
        var flow = Flow.RunAsync(Source.From([1, 2, 3, 4, 5]), broadcast);

        await lagging.Delivering.WaitAsync(Bound);
        lagging.Stall = false;
        lagging.Release();
        await flow.WaitAsync(Bound);

        Assert.Equal([1, 2, 3, 4, 5], await fast.Result);
        Assert.Equal([1], lagging.Items);
        Assert.Equal(4, broadcast.MissedItems(0));
        Assert.Equal(0, broadcast.MissedItems(1));
    }

    [Fact]
    public async Task Broadcast_abort_aborts_every_subscriber_with_the_same_problem()
    {
        var problem = new InvalidOperationException("upstream failed");
        var first = new ProbeSink<int>();
        var second = new ProbeSink<int>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Flow.RunAsync(Source.Failed<int>(problem), Sink.Broadcast(first, second)).WaitAsync(Bound));

        Assert.Same(problem, first.Problem);
        Assert.Same(problem, second.Problem);
    }
}
