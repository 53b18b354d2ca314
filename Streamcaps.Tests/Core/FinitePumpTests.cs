using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Core;

/// <summary>A pump that ends the flow by itself (<see cref="IFinitePump{TIn, TOut}"/>), written by a user.</summary>
public class FinitePumpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_user_pump_ends_an_endless_source_and_delivers_its_leftovers()
    {
        var endless = new CountingSource();
        var list = Sink.ToList<int>();

        await Flow.RunAsync(endless.Through(new SumUntilPump(limit: 10)), list).WaitAsync(Timeout);

        // 0+1+2+3+4 = 10 reaches the limit: the pump finishes, its flush delivers the sum.
        Assert.Equal([10], await list.Result);
        Assert.Equal(5, endless.Produced);
    }

    [Fact]
    public async Task A_user_pump_applied_to_a_sink_completes_the_sink_when_it_finishes()
    {
        var list = Sink.ToList<int>();
        var sink = new SumUntilPump(limit: 3).Into(list);

        await sink.RunAsync(1);
        Assert.False(list.Result.IsCompleted);
        await sink.RunAsync(2);

        // Completed at once, before the input ended; what comes later is taken and dropped.
        Assert.Equal([3], await list.Result.WaitAsync(Timeout));
        await sink.RunAsync(100);
        await sink.CompleteAsync();
    }

    [Fact]
    public async Task A_finite_pump_after_another_pump_ends_the_fused_pair()
    {
        var endless = new CountingSource();
        var pump = Pump.Map<int, int>(x => x * 2).Then(new SumUntilPump(limit: 6));

        Assert.Equal([6], await endless.Through(pump).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(3, endless.Produced);
    }

    [Fact]
    public async Task A_finite_pump_before_another_pump_flushes_the_second_one_too()
    {
        var endless = new CountingSource();
        var pump = Pump.Take<int>(5).Then(Pump.Chunk<int>(2));

        Assert.Equal([[0, 1], [2, 3], [4]], await endless.Through(pump).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(5, endless.Produced);
    }

    [Fact]
    public async Task Take_applied_to_a_sink_completes_it_after_the_count()
    {
        var list = Sink.ToList<int>();
        var sink = Pump.Take<int>(2).Into(list);

        await sink.RunAsync(1);
        await sink.RunAsync(2);

        Assert.Equal([1, 2], await list.Result.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Take_zero_is_Monte_null_pump_the_flow_ends_before_the_first_item()
    {
        var endless = new CountingSource();
        var list = Sink.ToList<int>();

        await Flow.RunAsync(endless.Through(Pump.Take<int>(0)), list).WaitAsync(Timeout);

        Assert.Empty(await list.Result);
        Assert.Equal(0, endless.Produced);
    }

    [Fact]
    public async Task A_flush_that_fails_after_finishing_aborts_the_sink_with_that_failure()
    {
        var list = Sink.ToList<int>();
        var sink = new SumUntilPump(limit: 1, failFlush: true).Into(list);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => sink.RunAsync(5).AsTask());

        Assert.Same(thrown, await Assert.ThrowsAsync<InvalidDataException>(() => list.Result));
    }

    [Fact]
    public void Identity_pump_applied_to_a_sink_is_that_sink()
    {
        var list = Sink.ToList<int>();

        Assert.Same(list, Pump.Identity<int>().Into(list));
    }

    [Fact]
    public async Task Identity_pump_delivers_every_item_as_it_came()
    {
        Assert.Equal([1, 2, 3], await Source.From([1, 2, 3]).Through(Pump.Identity<int>()).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    /// <summary>Sums its input and finishes once the sum reaches a limit; the flush delivers the sum.</summary>
    private sealed class SumUntilPump(int limit, bool failFlush = false) : IFinitePump<int, int>
    {
        private int _sum;

        public bool IsFinished => _sum >= limit;

        public ValueTask RunAsync(int item, ISink<int> output, CancellationToken cancellationToken = default)
        {
            Assert.False(IsFinished, "a finished pump was given more input");
            _sum += item;
            return default;
        }

        public ValueTask CompleteAsync(ISink<int> output, CancellationToken cancellationToken = default) =>
            failFlush ? ValueTask.FromException(new InvalidDataException("malformed leftover")) : output.RunAsync(_sum, cancellationToken);
    }
}
