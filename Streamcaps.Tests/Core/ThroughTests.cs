using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Core;

public class ThroughTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Pulled_pump_that_emits_several_items_per_input_makes_one_sink_call_per_pull()
    {
        var source = Source.From([1, 2]).Through(new Repeat(3));
        var sink = new ProbeSink<int>();

        for (var pull = 1; pull <= 6; pull++)
        {
            await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
            Assert.Equal(pull, sink.Calls);
        }

        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        Assert.Equal([1, 1, 1, 2, 2, 2], sink.Items);
        Assert.Equal(1, sink.Completions);
        Assert.Empty(sink.Violations);
    }

    [Fact]
    public async Task Pulled_filter_skips_inputs_without_calling_the_sink()
    {
        var source = Source.From([1, 2, 3, 4, 5]).Through(Pump.Filter<int>(x => x % 2 == 0));
        var sink = new ProbeSink<int>();

        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);

        Assert.Equal([2, 4], sink.Items);
        Assert.Equal(3, sink.Calls);
        Assert.Equal(1, sink.Completions);
    }

    [Fact]
    public async Task Flow_through_two_pumps_delivers_every_output()
    {
        var sink = Sink.ToList<int>();
        await Flow.RunAsync(Source.From(Enumerable.Range(0, 100)).Through(Pump.Map<int, int>(x => x * 2)).Through(Pump.Filter<int>(x => x % 3 == 0)), sink)
            .WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 100).Select(x => x * 2).Where(x => x % 3 == 0), await sink.Result);
    }

    /// <summary>Delivers each input <c>count</c> times.</summary>
    private sealed class Repeat(int count) : IPump<int, int>
    {
        public async ValueTask RunAsync(int item, ISink<int> output, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < count; i++)
            {
                await output.RunAsync(item, cancellationToken);
            }
        }

        public ValueTask CompleteAsync(ISink<int> output, CancellationToken cancellationToken = default) => default;
    }
}
