namespace Streamcaps.Tests.Core;

public class SourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Enumerable_is_enumerated_lazily_and_disposed_when_exhausted()
    {
        var sequence = new TrackedSequence(3);
        var source = Source.From(sequence);
        Assert.False(sequence.Enumerated);

        await Flow.RunAsync(source, Sink.Null<int>()).WaitAsync(Timeout);

        Assert.True(sequence.Disposed);
    }

    [Fact]
    public async Task Async_enumerable_items_arrive_in_order()
    {
        var list = Sink.ToList<int>();

        await Flow.RunAsync(Source.From(CountAsync(5)), list).WaitAsync(Timeout);

        Assert.Equal([0, 1, 2, 3, 4], await list.Result);
    }

    [Fact]
    public async Task Async_enumerable_that_throws_aborts_the_sink_with_its_exception()
    {
        var problem = new InvalidDataException("the stream broke");
        var list = Sink.ToList<int>();

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(Source.From(FailingAsync(problem)), list).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => list.Result));
    }

    [Fact]
    public async Task Source_read_with_await_foreach_yields_every_item()
    {
        var seen = new List<int>();

        await foreach (var item in Source.From([1, 2, 3]).Through(Pump.Map<int, int>(x => x * 2)).ToAsyncEnumerable())
        {
            seen.Add(item);
        }

        Assert.Equal([2, 4, 6], seen);
    }

    [Fact]
    public async Task Await_foreach_item_of_lent_memory_stays_valid_for_the_loop_body()
    {
        var source = Source.From<ReadOnlyMemory<byte>>(["a,b"u8.ToArray(), "c,d"u8.ToArray()]).Through(Pump.Split((byte)','));
        var seen = new List<string>();

        await foreach (var piece in source.ToAsyncEnumerable())
        {
            await Task.Yield();
            seen.Add(System.Text.Encoding.ASCII.GetString(piece.Span));
        }

        Assert.Equal(["a", "bc", "d"], seen);
    }

    [Fact]
    public async Task Await_foreach_throws_the_source_failure()
    {
        var problem = new InvalidDataException("source failed");

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in Source.Failed<int>(problem).ToAsyncEnumerable())
            {
            }
        });

        Assert.Same(problem, thrown);
    }

    [Fact]
    public async Task Leaving_await_foreach_early_leaves_the_rest_of_the_source_for_a_later_loop()
    {
        var source = Source.From([1, 2, 3, 4]);
        await foreach (var item in source.ToAsyncEnumerable())
        {
            Assert.Equal(1, item);
            break;
        }

        var rest = new List<int>();
        await foreach (var item in source.ToAsyncEnumerable())
        {
            rest.Add(item);
        }

        Assert.Equal([2, 3, 4], rest);
    }

    [Fact]
    public async Task Await_foreach_with_a_cancelled_token_throws_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        var (_, source) = BufferedPipe.Create<int>();

        var loop = Task.Run(async () =>
        {
            await foreach (var _ in source.ToAsyncEnumerable().WithCancellation(cancellation.Token))
            {
            }
        });
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Timeout));
    }

    [Fact]
    public void Factories_reject_null_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => Source.From((IEnumerable<int>)null!));
        Assert.Throws<ArgumentNullException>(() => Source.From((IAsyncEnumerable<int>)null!));
        Assert.Throws<ArgumentNullException>(() => Source.Failed<int>(null!));
        Assert.Throws<ArgumentNullException>(() => ((ISource<int>)null!).ToAsyncEnumerable());
    }

    internal static async IAsyncEnumerable<int> CountAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> FailingAsync(Exception problem)
    {
        yield return 1;
        await Task.Yield();
        throw problem;
    }

    private sealed class TrackedSequence(int count) : IEnumerable<int>
    {
        public bool Enumerated { get; private set; }

        public bool Disposed { get; private set; }

        public IEnumerator<int> GetEnumerator()
        {
            Enumerated = true;
            return Iterate();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private IEnumerator<int> Iterate()
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }
}
