using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Composition;

public class ConcatZipTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Concat_emits_each_source_in_turn_and_completes_after_the_last()
    {
        var sink = Sink.ToList<int>();

        await Flow.RunAsync(Source.Concat(Source.From([1, 2]), Source.Empty<int>(), Source.From([3])), sink).WaitAsync(Bound);

        Assert.Equal([1, 2, 3], await sink.Result);
    }

    [Fact]
    public async Task Concat_stops_at_a_failing_source_and_never_calls_the_next()
    {
        var problem = new InvalidDataException("truncated");
        var never = new CountingSource();
        var sink = new ProbeSink<int>();

        var failure = await Assert.ThrowsAsync<InvalidDataException>(
            () => Flow.RunAsync(Source.Concat(Source.From([1]), Source.Failed<int>(problem), never), sink).WaitAsync(Bound));

        Assert.Same(problem, failure);
        Assert.Equal([1], sink.Items);
        Assert.Equal(0, never.Produced);
    }

    [Fact]
    public async Task Zip_pairs_items_and_completes_with_the_shorter_source()
    {
        var sink = Sink.ToList<(int, string)>();

        await Flow.RunAsync(Source.Zip(Source.From([1, 2, 3]), Source.From(["a", "b"])), sink).WaitAsync(Bound);

        Assert.Equal([(1, "a"), (2, "b")], await sink.Result);
    }

    [Fact]
    public async Task Zip_keeps_both_lent_items_valid_until_the_pair_was_delivered()
    {
        var sink = new LentMemoryCheckingSink();
        var zipped = Source.Zip(new LentBufferSource(20), new LentBufferSource(20), static (a, b) => a.Span[0] == b.Span[0] ? a : b);

        await Flow.RunAsync(zipped, sink).WaitAsync(Bound);

        Assert.Empty(sink.Violations);
        Assert.Equal(20, sink.FirstBytes.Count);
    }

    [Fact]
    public async Task Zip_fails_with_either_sources_problem()
    {
        var problem = new IOException("gone");
        var sink = new ProbeSink<(int, int)>();

        var failure = await Assert.ThrowsAsync<IOException>(
            () => Flow.RunAsync(Source.Zip(Source.From([1, 2]), Source.Failed<int>(problem)), sink).WaitAsync(Bound));

        Assert.Same(problem, failure);
        Assert.Same(problem, sink.Problem);
    }
}
