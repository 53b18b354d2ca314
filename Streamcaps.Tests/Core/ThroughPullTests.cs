using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Core;

/// <summary>A pumped source pulled one call at a time (not run by <see cref="Flow"/>): the rendezvous between
/// the pump's outputs and the pulls.</summary>
public class ThroughPullTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Slices_of_a_lent_input_stay_valid_until_each_one_was_handed_out()
    {
        var source = new ReusedBufferSource(["ab,cd,", "ef", ",gh"]).Through(Pump.Split((byte)','));
        var sink = new ProbeSink<ReadOnlyMemory<byte>> { Copy = item => item.ToArray() };

        for (var pull = 0; pull < 5; pull++)
        {
            await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal(["ab", "cd", "ef", "gh"], sink.Items.Select(item => System.Text.Encoding.ASCII.GetString(item.Span)));
        Assert.Equal(1, sink.Completions);
    }

    [Fact]
    public async Task Upstream_delivery_completes_only_after_its_last_output_was_taken()
    {
        var upstream = new ProbeSource();
        var source = upstream.Through(new RepeatPump(2));
        var sink = new ProbeSink<int>();

        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        Assert.False(upstream.LastDelivery!.IsCompleted, "the input was released while one of its outputs was still to come");

        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        await upstream.LastDelivery.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Cancelled_pull_while_the_upstream_waits_loses_nothing()
    {
        var (writer, reader) = BufferedPipe.Create<int>();
        var source = reader.Through(Pump.Map<int, int>(x => x * 10));
        var sink = new ProbeSink<int>();
        using var cancellation = new CancellationTokenSource();

        var pull = source.RunAsync(sink, cancellation.Token).AsTask();
        Assert.False(pull.IsCompleted);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull.WaitAsync(Timeout));

        await writer.RunAsync(4);
        await writer.CompleteAsync();
        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        Assert.Equal([40], sink.Items);
        Assert.Equal(1, sink.Completions);
    }

    [Fact]
    public async Task Pump_flush_output_is_pulled_after_the_upstream_ended()
    {
        var source = Source.From(["a,b", ",c"]).Through(Pump.SplitStrings(','));
        var sink = new ProbeSink<string>();

        for (var pull = 0; pull < 4; pull++)
        {
            await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal(["a", "b", "c"], sink.Items);
        Assert.Equal(1, sink.Completions);
    }

    [Fact]
    public async Task TakeWhile_on_a_source_stops_pulling_an_endless_upstream()
    {
        var result = Sink.ToList<int>();

        await Flow.RunAsync(Source.From(Naturals()).Through(Pump.TakeWhile<int>(x => x < 5)), result).WaitAsync(Timeout);

        Assert.Equal([0, 1, 2, 3, 4], await result.Result);
    }

    [OptimizedOnlyFact]
    public void Pulling_through_a_pump_with_several_outputs_allocates_nothing_per_item()
    {
        var chunk = "a,b,c,"u8.ToArray();
        AllocationCheck.NothingPerItem(
            inputs =>
            {
                var source = Source.From(Enumerable.Repeat<ReadOnlyMemory<byte>>(chunk, inputs)).Through(Pump.Split((byte)','));
                var sink = Sink.Null<ReadOnlyMemory<byte>>();
                for (var pull = 0; pull <= inputs * 3; pull++)
                {
                    var call = source.RunAsync(sink);
                    Assert.True(call.IsCompletedSuccessfully, "a pull over synchronous parts went asynchronous");
                    call.GetAwaiter().GetResult();
                }
            },
            small: 1_000,
            extra: 10_000);
    }

    private static IEnumerable<int> Naturals()
    {
        for (var i = 0; ; i++)
        {
            yield return i;
        }
    }

    /// <summary>Delivers each text from one buffer that it scribbles over once the delivery completed, as a
    /// socket source reuses its receive buffer.</summary>
    private sealed class ReusedBufferSource(string[] texts) : ISource<ReadOnlyMemory<byte>>
    {
        private readonly byte[] _buffer = new byte[64];
        private int _next;

        public async ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
        {
            if (_next == texts.Length)
            {
                await sink.CompleteAsync(cancellationToken);
                return;
            }

            var length = System.Text.Encoding.ASCII.GetBytes(texts[_next++], _buffer);
            await sink.RunAsync(_buffer.AsMemory(0, length), cancellationToken);
            _buffer.AsSpan().Fill((byte)'#');
        }
    }

    /// <summary>Delivers 1, 2, 3, ... and keeps the task of its last delivery.</summary>
    private sealed class ProbeSource : ISource<int>
    {
        private int _next;

        public Task? LastDelivery { get; private set; }

        public ValueTask RunAsync(ISink<int> sink, CancellationToken cancellationToken = default)
        {
            LastDelivery = sink.RunAsync(++_next, cancellationToken).AsTask();
            return new ValueTask(LastDelivery);
        }
    }
}
