using System.Collections.ObjectModel;

namespace Streamcaps.Tests.Core;

/// <summary>
/// The flow's plain loop: ready items (arrays, lists, ranges, enumerables) into a sink that is never pending
/// (<see cref="Sink.ForEach{T}(Action{T})"/>, <see cref="Sink.Null{T}"/>), through maps and filters fused into it.
/// It keeps <see cref="Flow.RunAsync{T}"/>'s contract exactly as the per-delivery path does: these check the
/// clauses the loop could get wrong (who failed, where the cursor stands after a failure or a cancellation,
/// and that the sink the caller gave is ended).
/// </summary>
public class SynchronousLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Kinds => new() { "array", "list", "range", "enumerable", "read-only list" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_item_goes_through_the_fused_maps_and_filters_in_order(string kind)
    {
        var seen = new List<int>();

        await Source.From(Numbers(kind, 1000))
            .Select(x => x + 1)
            .Where(x => x % 3 != 0)
            .Select(x => x * 2)
            .ForEachAsync(seen.Add).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(1, 1000).Where(x => x % 3 != 0).Select(x => x * 2), seen);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_failing_action_faults_the_flow_and_leaves_the_source_after_that_item(string kind)
    {
        var source = Source.From(Numbers(kind, 10));
        var problem = new InvalidDataException("sink broke");

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(source,
            Sink.ForEach<int>(x =>
            {
                if (x == 4)
                {
                    throw problem;
                }
            })).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Equal(5, await NextItemAsync(source));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Cancellation_stops_before_the_next_item_and_leaves_the_rest_of_the_source(string kind)
    {
        var source = Source.From(Numbers(kind, 100));
        using var cancellation = new CancellationTokenSource();
        var seen = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Flow.RunAsync(source,
            Sink.ForEach<int>(x =>
            {
                seen.Add(x);
                if (x == 6)
                {
                    cancellation.Cancel();
                }
            }), cancellation.Token).WaitAsync(Timeout));

        Assert.Equal(Enumerable.Range(0, 7), seen);
        Assert.Equal(7, await NextItemAsync(source));
    }

    [Fact]
    public async Task A_list_that_throws_is_the_source_failure_on_this_call_and_every_later_one()
    {
        var problem = new InvalidDataException("list broke");
        var source = Source.From<int>(new ThrowingList(failAt: 3, problem));
        var seen = new List<int>();

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() =>
            source.Select(x => x * 10).ForEachAsync(seen.Add).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Equal([0, 10, 20], seen);
        var probe = Sink.ToList<int>();
        await source.RunAsync(probe).AsTask().WaitAsync(Timeout);
        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => probe.Result.WaitAsync(Timeout)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_sink_the_caller_gave_is_ended_behind_the_fused_maps(bool sourceFails)
    {
        var sink = Sink.ForEach<int>(_ => { });
        var source = sourceFails ? Source.From(ThrowingAfter(5)) : Source.From<int>([1, 2, 3]);

        var flow = source.Select(x => x + 1).Where(x => x > 0).CopyToAsync(sink);
        if (sourceFails)
        {
            await Assert.ThrowsAsync<InvalidDataException>(() => flow.WaitAsync(Timeout));
        }
        else
        {
            await flow.WaitAsync(Timeout);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.RunAsync(1).AsTask());
    }

    [Fact]
    public async Task A_sink_called_again_from_its_own_delivery_is_rejected_as_a_second_delivery_in_flight()
    {
        ISink<int>? sink = null;
        sink = Sink.ForEach<int>(x => sink!.RunAsync(x).AsTask().GetAwaiter().GetResult());

        await Assert.ThrowsAsync<InvalidOperationException>(() => Flow.RunAsync(Source.From<int>([1, 2]), sink).WaitAsync(Timeout));
    }

    private static async Task<int> NextItemAsync(ISource<int> source)
    {
        var probe = Sink.ToList<int>();
        await source.RunAsync(probe).AsTask().WaitAsync(Timeout);
        await probe.CompleteAsync();
        return Assert.Single(await probe.Result.WaitAsync(Timeout));
    }

    private static IEnumerable<int> Numbers(string kind, int count) => kind switch
    {
        "array" => Enumerable.Range(0, count).ToArray(),
        "list" => Enumerable.Range(0, count).ToList(),
        "range" => Enumerable.Range(0, count),
        "read-only list" => new ReadOnlyCollection<int>(Enumerable.Range(0, count).ToList()),
        _ => Yielded(count),
    };

    private static IEnumerable<int> Yielded(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    private static IEnumerable<int> ThrowingAfter(int count)
    {
        foreach (var item in Yielded(count))
        {
            yield return item;
        }

        throw new InvalidDataException("source broke");
    }

    /// <summary>A list whose indexer fails at one position, as a custom or remote-backed list can.</summary>
    private sealed class ThrowingList(int failAt, Exception problem) : List<int>(Enumerable.Range(0, 10)), IList<int>
    {
        int IList<int>.this[int index]
        {
            get => index == failAt ? throw problem : this[index];
            set => this[index] = value;
        }
    }
}
