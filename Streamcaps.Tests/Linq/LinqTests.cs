using System.Text;
using Streamcaps.Framing;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Linq;

public class LinqTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly string[] Suffixes = ["a", "b"];

    [Fact]
    public async Task Query_syntax_filters_and_projects_a_source()
    {
        // The snippet, as written.
        var query = from x in Source.From(Enumerable.Range(0, 10)) where x % 2 == 0 select x * 10;
        var sink = Sink.ToList<int>();
        await Flow.RunAsync(query, sink).WaitAsync(Timeout);

        Assert.Equal([0, 20, 40, 60, 80], await sink.Result);
    }

    [Fact]
    public async Task Query_syntax_with_two_from_clauses_pairs_each_item_with_each_element()
    {
        var query = from x in Source.From([1, 2])
                    from suffix in Suffixes
                    select $"{x}{suffix}";

        Assert.Equal(["1a", "1b", "2a", "2b"], await query.ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task SelectMany_flattens_arrays_lists_lazy_sequences_and_empty_ones()
    {
        var source = Source.From([0, 1, 2, 3]).SelectMany(x => x switch
        {
            0 => Array.Empty<int>(),
            1 => [10],
            2 => new List<int> { 20, 21 },
            _ => Enumerable.Range(30, 3),
        });

        Assert.Equal([10, 20, 21, 30, 31, 32], await source.ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task SelectMany_pulled_hands_out_one_element_per_call()
    {
        var pulled = new List<int>();
        await foreach (var x in Source.From([1, 2]).SelectMany(x => Enumerable.Repeat(x, 3)).ToAsyncEnumerable())
        {
            pulled.Add(x);
        }

        Assert.Equal([1, 1, 1, 2, 2, 2], pulled);
    }

    [Fact]
    public async Task Method_chains_infer_every_type_argument()
    {
        var words = await Source.From(["hello", "", "streamcaps"])
            .Where(word => word.Length > 0)
            .Select(word => word.ToUpperInvariant())
            .Select(word => (word, word.Length))
            .ToListAsync()
            .AsTask()
            .WaitAsync(Timeout);

        Assert.Equal([("HELLO", 5), ("STREAMCAPS", 10)], words);
    }

    [Fact]
    public async Task Take_ends_an_endless_source_without_asking_it_for_one_more_item()
    {
        var endless = new CountingSource();

        var taken = await endless.Take(5).ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([0, 1, 2, 3, 4], taken);
        Assert.Equal(5, endless.Produced);
    }

    [Fact]
    public async Task Take_zero_completes_without_pulling_at_all()
    {
        var endless = new CountingSource();

        Assert.Empty(await endless.Take(0).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(0, endless.Produced);
    }

    [Fact]
    public async Task TakeWhile_ends_an_endless_source_at_the_first_item_that_fails()
    {
        var endless = new CountingSource();

        Assert.Equal([0, 1, 2], await endless.TakeWhile(x => x < 3).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(4, endless.Produced);
    }

    [Fact]
    public async Task Skip_and_SkipWhile_drop_the_first_items()
    {
        Assert.Equal([3, 4], await Source.From([1, 2, 3, 4]).Skip(2).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal([3, 1, 4], await Source.From([1, 2, 3, 1, 4]).SkipWhile(x => x < 3).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal([1, 2], await Source.From([1, 2]).Skip(0).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Empty(await Source.From([1, 2]).Skip(5).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Take_after_Skip_is_a_window()
    {
        Assert.Equal([3, 4, 5], await new CountingSource().Skip(3).Take(3).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Scan_emits_its_seed_first_when_asked_as_Monte_does()
    {
        Assert.Equal([0, 1, 3, 6, 10], await Source.From([1, 2, 3, 4]).Scan(0, (sum, x) => sum + x, emitSeed: true).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal([1, 3, 6, 10], await Source.From([1, 2, 3, 4]).Scan(0, (sum, x) => sum + x).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Scan_with_its_seed_gives_the_seed_alone_for_an_empty_source()
    {
        Assert.Equal([42], await Source.Empty<int>().Scan(42, (sum, x) => sum + x, emitSeed: true).ToListAsync().AsTask().WaitAsync(Timeout));
        Assert.Empty(await Source.Empty<int>().Scan(42, (sum, x) => sum + x).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Scan_with_its_seed_pulled_hands_out_the_seed_and_the_first_state_one_per_call()
    {
        var pulled = new List<string>();
        await foreach (var state in Source.From(["a", "b"]).Scan("", (text, x) => text + x, emitSeed: true).ToAsyncEnumerable())
        {
            pulled.Add(state);
        }

        Assert.Equal(["", "a", "ab"], pulled);
    }

    [Fact]
    public async Task Chunk_hands_out_new_arrays_and_a_shorter_last_one()
    {
        var chunks = await Source.From(Enumerable.Range(1, 7)).Chunk(3).ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([[1, 2, 3], [4, 5, 6], [7]], chunks);
        Assert.NotSame(chunks[0], chunks[1]);
    }

    [Fact]
    public async Task Batch_lends_its_batches()
    {
        var batches = await Source.From(Enumerable.Range(1, 5)).Batch(2).Select(batch => batch.ToArray()).ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal([[1, 2], [3, 4], [5]], batches);
    }

    [Fact]
    public async Task Asynchronous_Select_and_Where_wait_for_their_tasks_and_get_the_token()
    {
        using var cancellation = new CancellationTokenSource();
        var tokens = new List<CancellationToken>();
        var source = Source.From([1, 2, 3, 4])
            .Where(async (x, token) =>
            {
                await Task.Yield();
                tokens.Add(token);
                return x % 2 == 0;
            })
            .Select(async (x, token) =>
            {
                await Task.Delay(1, token);
                return x * 100;
            });

        var list = Sink.ToList<int>();
        await source.CopyToAsync(list, cancellation.Token).WaitAsync(Timeout);

        Assert.Equal([200, 400], await list.Result);
        Assert.All(tokens, token => Assert.Equal(cancellation.Token, token));
    }

    [Fact]
    public async Task An_asynchronous_selector_that_fails_fails_the_flow_with_its_exception()
    {
        var problem = new InvalidDataException("no 3");
        var source = Source.From([1, 2, 3]).Select(async (x, _) =>
        {
            await Task.Yield();
            return x == 3 ? throw problem : x;
        });
        var list = Sink.ToList<int>();

        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => source.CopyToAsync(list).WaitAsync(Timeout)));
        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => list.Result));
    }

    [Fact]
    public async Task ForEachAsync_hands_every_item_to_the_action_in_order()
    {
        var seen = new List<int>();
        await Source.From([1, 2, 3]).ForEachAsync(seen.Add).WaitAsync(Timeout);
        await Source.From([4, 5]).ForEachAsync(async (x, token) =>
        {
            await Task.Yield();
            seen.Add(x);
        }).WaitAsync(Timeout);

        Assert.Equal([1, 2, 3, 4, 5], seen);
    }

    [Fact]
    public async Task ToListAsync_faults_with_the_source_failure()
    {
        var problem = new InvalidDataException("broken");

        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => Source.Failed<int>(problem).Select(x => x).ToListAsync().AsTask().WaitAsync(Timeout)));
    }

    [Fact]
    public async Task Lines_cuts_a_byte_source_into_strings_whatever_the_chunks()
    {
        // Cut inside "\r\n" and inside the two bytes of "é".
        var bytes = Encoding.UTF8.GetBytes("first\r\nsecond\ncafé\nlast");
        var source = Source.From(new ReadOnlyMemory<byte>[] { bytes.AsMemory(..6), bytes.AsMemory(6..17), bytes.AsMemory(17..18), bytes.AsMemory(18..) });

        Assert.Equal(["first", "second", "café", "last"], await source.Lines(maxLineLength: 64).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Lines_fails_with_FrameTooLongException_past_the_limit()
    {
        var source = Source.From(new ReadOnlyMemory<byte>[] { "short\nmuch too long\n"u8.ToArray() });

        await Assert.ThrowsAsync<FrameTooLongException>(() => source.Lines(maxLineLength: 8).ToListAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task LengthPrefixed_cuts_a_byte_source_into_frames()
    {
        byte[] wire = [0, 0, 0, 2, (byte)'h', (byte)'i', 0, 0, 0, 0, 0, 0, 0, 3, (byte)'y', (byte)'o', (byte)'u'];
        var source = Source.From(new ReadOnlyMemory<byte>[] { wire.AsMemory(..5), wire.AsMemory(5..) });

        var frames = await source.LengthPrefixed(new LengthPrefixOptions(maxFrameLength: 16))
            .Select(frame => Encoding.ASCII.GetString(frame.Span))
            .ToListAsync()
            .AsTask()
            .WaitAsync(Timeout);

        Assert.Equal(["hi", "", "you"], frames);
    }

    [Fact]
    public void Each_method_makes_the_same_object_as_the_Pump_factory()
    {
        var source = Source.From([1, 2, 3]);

        Assert.Equal(source.Through(Pump.Map<int, int>(x => x)).GetType(), source.Select(x => x).GetType());
        Assert.Equal(source.Through(Pump.Filter<int>(x => true)).GetType(), source.Where(x => true).GetType());
        Assert.Equal(source.Through(Pump.Take<int>(1)).GetType(), source.Take(1).GetType());
        Assert.Equal(source.Through(Pump.Scan<int, int>(0, (s, x) => s)).GetType(), source.Scan(0, (s, x) => s).GetType());
        Assert.Equal(source.Through(Pump.Chunk<int>(2)).GetType(), source.Chunk(2).GetType());
    }

    [Fact]
    public void Methods_reject_a_null_source_and_bad_arguments()
    {
        ISource<int> none = null!;
        Assert.Throws<ArgumentNullException>(() => none.Select(x => x));
        Assert.Throws<ArgumentNullException>(() => none.Where(x => true));
        Assert.Throws<ArgumentNullException>(() => none.Take(1));
        Assert.Throws<ArgumentNullException>(() => Source.Empty<int>().Select((Func<int, int>)null!));
        Assert.Throws<ArgumentNullException>(() => Source.Empty<int>().SelectMany((Func<int, IEnumerable<int>>)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Source.Empty<int>().Take(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Source.Empty<int>().Skip(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Source.Empty<int>().Chunk(0));
    }
}
