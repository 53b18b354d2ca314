using System.Threading.Channels;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Composition;

public class MergeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Merge_emits_every_item_of_every_source_in_each_sources_order()
    {
        var sink = Sink.ToList<int>();
        await Flow.RunAsync(Source.Merge(Source.From([1, 2, 3]), Source.From([10, 20]), Source.From([100])), sink).WaitAsync(Bound);

        Assert.Equal([1, 2, 3, 10, 20, 100], (await sink.Result).Order());
        Assert.Equal([1, 2, 3], (await sink.Result).Where(x => x < 10));
        Assert.Equal([10, 20], (await sink.Result).Where(x => x is >= 10 and < 100));
    }

    [Fact]
    public async Task Merge_takes_ready_sources_in_turn()
    {
        var sink = Sink.ToList<int>();
        await Flow.RunAsync(Source.Merge(Source.From([1, 1, 1]), Source.From([2, 2, 2])), sink).WaitAsync(Bound);

        Assert.Equal([1, 2, 1, 2, 1, 2], (await sink.Result));
    }

    [Fact]
    public async Task Merge_emits_an_item_as_soon_as_any_source_has_one()
    {
        var quiet = Channel.CreateUnbounded<int>();
        var busy = Channel.CreateUnbounded<int>();
        var sink = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.Merge(Source.FromChannel(quiet.Reader), Source.FromChannel(busy.Reader)), sink);

        busy.Writer.TryWrite(7);
        await sink.Delivering.WaitAsync(Bound);

        Assert.Equal([7], sink.Items);
        quiet.Writer.Complete();
        busy.Writer.Complete();
        await flow.WaitAsync(Bound);
    }

    [Fact]
    public async Task Merge_completes_only_when_every_source_completed()
    {
        var first = Channel.CreateUnbounded<int>();
        var second = Channel.CreateUnbounded<int>();
        var sink = new ProbeSink<int>();
        var flow = Flow.RunAsync(Source.Merge(Source.FromChannel(first.Reader), Source.FromChannel(second.Reader)), sink);

        first.Writer.Complete();
        second.Writer.TryWrite(1);
        await sink.Delivering.WaitAsync(Bound);
        Assert.False(flow.IsCompleted);

        second.Writer.Complete();
        await flow.WaitAsync(Bound);
        Assert.Equal(1, sink.Completions);
        Assert.Equal([1], sink.Items);
    }

    [Fact]
    public async Task Merge_fails_with_the_first_failure_unchanged_and_cancels_the_other_sources()
    {
        var problem = new InvalidDataException("bad record");
        var idle = new CancellationObservingSource();
        var sink = new ProbeSink<int>();

        var failure = await Assert.ThrowsAsync<InvalidDataException>(
            () => Flow.RunAsync(Source.Merge(idle, Source.Failed<int>(problem)), sink).WaitAsync(Bound));

        Assert.Same(problem, failure);
        Assert.Same(problem, sink.Problem);
        await idle.Cancelled.WaitAsync(Bound);
    }

    [Fact]
    public async Task Merge_holds_a_lent_item_valid_until_its_downstream_delivery_completed()
    {
        var sink = new LentMemoryCheckingSink();
        await Flow.RunAsync(Source.Merge(new LentBufferSource(50), new LentBufferSource(50)), sink).WaitAsync(Bound);

        Assert.Empty(sink.Violations);
        Assert.Equal(100, sink.FirstBytes.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Merge_into_a_stalled_sink_takes_at_most_one_item_per_source(bool asynchronousSources)
    {
        var sources = Enumerable.Range(0, 3).Select(_ => new CountingSource(asynchronousSources)).ToArray();
        var sink = new ProbeSink<int> { Stall = true };
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(Source.Merge<int>(sources), sink, stop.Token);

        await sink.Delivering.WaitAsync(Bound);
        // A source that produced is blocked in a delivery the merge holds open, and one never pulled produces
        // nothing: production cannot grow while the sink stalls.
        await Task.WhenAll(sources.Where(s => s.Produced > 0).Select(s => s.Blocked)).WaitAsync(Bound);

        Assert.All(sources, s => Assert.InRange(s.Produced, 0, 1));
        Assert.Single(sink.Items);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
    }

    [Fact]
    public async Task Merge_of_many_asynchronous_sources_loses_and_duplicates_nothing()
    {
        var channels = Enumerable.Range(0, 4).Select(_ => Channel.CreateBounded<int>(2)).ToArray();
        var writers = channels.Select((c, n) => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                await c.Writer.WriteAsync(n * 10_000 + i);
            }

            c.Writer.Complete();
        })).ToArray();
        var sink = Sink.ToList<int>();

        await Flow.RunAsync(Source.Merge(channels.Select(c => Source.FromChannel(c.Reader)).ToArray()), sink).WaitAsync(Bound);
        await Task.WhenAll(writers);

        Assert.Equal(Enumerable.Range(0, 4).SelectMany(n => Enumerable.Range(n * 10_000, 2_000)), (await sink.Result).Order());
    }

    [Fact]
    public void Merge_rejects_an_empty_source_list()
    {
        Assert.Throws<ArgumentException>(() => Source.Merge<int>());
    }

    /// <summary>A source that never has an item and reports when its pending call is cancelled.</summary>
    private sealed class CancellationObservingSource : ISource<int>
    {
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Cancelled => _cancelled.Task;

        public async ValueTask RunAsync(ISink<int> sink, CancellationToken cancellationToken = default)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                _cancelled.TrySetResult();
            }
        }
    }
}
