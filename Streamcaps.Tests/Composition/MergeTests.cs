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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Merge_of_channels_fed_from_other_threads_keeps_every_item_in_each_sources_order(bool pulled)
    {
        // Run by Flow, the merge takes the channels' ready items itself in turns; pulled, one per call: either way
        // every item arrives once and each channel's items keep their order.
        const int PerSource = 20_000;
        var channels = Enumerable.Range(0, 4).Select(_ => Channel.CreateBounded<int>(64)).ToArray();
        var writers = channels.Select((c, n) => Task.Run(async () =>
        {
            for (var i = 0; i < PerSource; i++)
            {
                await c.Writer.WriteAsync(n * 100_000 + i);
            }

            c.Writer.Complete();
        })).ToArray();
        var sink = Sink.ToList<int>();
        var merge = Source.Merge(channels.Select(c => Source.FromChannel(c.Reader)).ToArray());

        await (pulled ? Flow.PullAsync(merge, sink, default) : Flow.RunAsync(merge, sink)).WaitAsync(Bound);
        await Task.WhenAll(writers);

        var items = await sink.Result;
        Assert.Equal(4 * PerSource, items.Count);
        for (var n = 0; n < 4; n++)
        {
            Assert.Equal(Enumerable.Range(n * 100_000, PerSource), items.Where(x => x / 100_000 == n));
        }
    }

    [Fact]
    public async Task Merge_gives_a_channel_with_ready_items_a_turn_of_at_most_32_before_the_next_one()
    {
        var channels = Enumerable.Range(0, 3).Select(_ => Channel.CreateUnbounded<int>()).ToArray();
        for (var n = 0; n < channels.Length; n++)
        {
            for (var i = 0; i < 100; i++)
            {
                channels[n].Writer.TryWrite(n);
            }

            channels[n].Writer.Complete();
        }

        var sink = Sink.ToList<int>();
        await Flow.RunAsync(Source.Merge(channels.Select(c => Source.FromChannel(c.Reader)).ToArray()), sink).WaitAsync(Bound);

        var items = await sink.Result;
        Assert.Equal(300, items.Count);
        var runs = Runs(items);
        Assert.All(runs, run => Assert.InRange(run, 1, 32));
        // Every channel had its first turn before any had a second.
        Assert.Equal([0, 1, 2], items.Take(96).Distinct().Order());
    }

    [Fact]
    public async Task Merge_whose_sink_fails_cancels_the_pending_calls_so_later_items_stay_in_their_channels()
    {
        var busy = Channel.CreateUnbounded<int>();
        var quiet = new WaitObservingReader<int>();
        var problem = new InvalidOperationException("sink broke");
        var delivered = 0;
        var sink = Sink.ForEach<int>(_ =>
        {
            if (++delivered == 3)
            {
                throw problem;
            }
        });
        var flow = Flow.RunAsync(Source.Merge(Source.FromChannel(busy.Reader), Source.FromChannel(quiet)), sink);

        // The quiet channel's source waits for an item in a call the merge keeps pending.
        await quiet.Waiting.WaitAsync(Bound);
        for (var i = 1; i <= 10; i++)
        {
            busy.Writer.TryWrite(i);
        }

        Assert.Same(problem, await Assert.ThrowsAsync<InvalidOperationException>(() => flow.WaitAsync(Bound)));
        quiet.Writer.TryWrite(99);

        Assert.Equal(3, delivered);
        Assert.True(busy.Reader.TryRead(out var next));
        Assert.Equal(4, next);
        Assert.True(quiet.TryRead(out var late), "the merge's call on the quiet source took an item after the flow had failed");
        Assert.Equal(99, late);
    }

    [Fact]
    public async Task Cancelling_a_merge_flow_cancels_its_pending_calls_so_later_items_stay_in_their_channels()
    {
        var readers = Enumerable.Range(0, 2).Select(_ => new WaitObservingReader<int>()).ToArray();
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(Source.Merge(readers.Select(r => Source.FromChannel(r)).ToArray()), Sink.Null<int>(), stop.Token);

        await Task.WhenAll(readers.Select(r => r.Waiting)).WaitAsync(Bound);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));

        foreach (var reader in readers)
        {
            reader.Writer.TryWrite(7);
            Assert.True(reader.TryRead(out var item), "a pending call of the cancelled merge took the item");
            Assert.Equal(7, item);
        }
    }

    [Fact]
    public void Merge_rejects_an_empty_source_list()
    {
        Assert.Throws<ArgumentException>(() => Source.Merge<int>());
    }

    /// <summary>The lengths of the runs of equal consecutive items.</summary>
    private static List<int> Runs(IReadOnlyList<int> items)
    {
        var runs = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (i == 0 || items[i] != items[i - 1])
            {
                runs.Add(0);
            }

            runs[^1]++;
        }

        return runs;
    }

    /// <summary>A channel's reader that reports when someone first waits on it, so a test knows a source's call
    /// on it is pending. A waiter's continuation runs inside the write that wakes it, so a call still pending when
    /// an item is written takes that item before the write returns.</summary>
    private sealed class WaitObservingReader<T> : ChannelReader<T>
    {
        private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { AllowSynchronousContinuations = true });

        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Waiting => _waiting.Task;

        public ChannelWriter<T> Writer => _channel.Writer;

        public override bool TryRead([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T item) => _channel.Reader.TryRead(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            var wait = _channel.Reader.WaitToReadAsync(cancellationToken);
            _waiting.TrySetResult();
            return wait;
        }
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
