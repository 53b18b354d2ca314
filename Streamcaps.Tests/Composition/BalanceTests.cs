using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Composition;

public class BalanceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Balance_gives_each_item_to_exactly_one_worker()
    {
        var first = Sink.ToList<int>();
        var second = Sink.ToList<int>();

        await Flow.RunAsync(Source.From(Enumerable.Range(0, 100)), Sink.Balance(first, second)).WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(0, 100), (await first.Result).Concat(await second.Result).Order());
    }

    [Fact]
    public async Task Balance_hands_items_to_a_free_worker_while_another_is_busy()
    {
        var busy = new ProbeSink<int> { Stall = true };
        var free = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.From([1, 2, 3, 4]), Sink.Balance(busy, free));

        await busy.Delivering.WaitAsync(Bound);
        busy.Stall = false;
        busy.Release();
        await flow.WaitAsync(Bound);

        Assert.Equal([1], busy.Items);
        Assert.Equal([2, 3, 4], free.Items);
        Assert.Equal(1, busy.Completions);
        Assert.Equal(1, free.Completions);
    }

    [Fact]
    public async Task Balance_waits_when_every_worker_is_busy()
    {
        var source = new CountingSource();
        var first = new ProbeSink<int> { Stall = true };
        var second = new ProbeSink<int> { Stall = true };
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(source, Sink.Balance(first, second), stop.Token);

        await Task.WhenAll(first.Delivering, second.Delivering).WaitAsync(Bound);
        await source.Blocked.WaitAsync(Bound);

        Assert.Equal(3, source.Produced);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
    }

    [Fact]
    public async Task Balance_fails_with_a_workers_problem_and_aborts_the_others()
    {
        var problem = new IOException("worker crashed");
        var healthy = new ProbeSink<int>();
        var failing = new ProbeSink<int> { FailNext = problem };

        var failure = await Assert.ThrowsAsync<IOException>(
            () => Flow.RunAsync(Source.From([1, 2, 3, 4]), Sink.Balance<int>(failing, healthy)).WaitAsync(Bound));

        Assert.Same(problem, failure);
        Assert.Same(problem, healthy.Problem);
    }

    [Fact]
    public async Task Balance_delivery_cancelled_while_every_worker_is_busy_faults_and_ends_the_balance()
    {
        var first = new ProbeSink<int> { Stall = true };
        var second = new ProbeSink<int> { Stall = true };
        var balance = Sink.Balance(first, second);
        await balance.RunAsync(1);
        await balance.RunAsync(2);
        using var cancel = new CancellationTokenSource();

        var waiting = balance.RunAsync(3, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        await Assert.ThrowsAsync<InvalidOperationException>(() => balance.RunAsync(4).AsTask().WaitAsync(Bound));
        Assert.Equal(1, first.Aborts);
        Assert.Equal(1, second.Aborts);
    }
}
