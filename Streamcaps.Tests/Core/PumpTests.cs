using System.Runtime.InteropServices;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Streamcaps.Tests.Core;

public class PumpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Map_transforms_every_item()
    {
        Assert.Equal(["1", "2"], await RunAsync(Source.From([1, 2]), Pump.Map<int, string>(x => $"{x}")));
    }

    [Fact]
    public async Task Maps_in_a_row_apply_in_order_on_the_push_and_the_pull_path()
    {
        var source = Source.From([1, 2, 3]).Through(Pump.Map<int, int>(x => x + 1)).Through(Pump.Map<int, string>(x => $"{x * 2}"));
        var pushed = Sink.ToList<string>();
        await Flow.RunAsync(source, pushed).WaitAsync(Timeout);
        var pulled = new List<string>();
        await foreach (var item in Source.From([1, 2, 3]).Through(Pump.Map<int, int>(x => x + 1)).Through(Pump.Map<int, string>(x => $"{x * 2}")).ToAsyncEnumerable())
        {
            pulled.Add(item);
        }

        Assert.Equal(["4", "6", "8"], await pushed.Result);
        Assert.Equal(["4", "6", "8"], pulled);
    }

    [Fact]
    public async Task Filter_keeps_only_matching_items()
    {
        Assert.Equal([3, 6, 9], await RunAsync(Source.From(Enumerable.Range(1, 10)), Pump.Filter<int>(x => x % 3 == 0)));
    }

    [Fact]
    public async Task TakeWhile_stops_at_the_first_item_that_fails_and_takes_nothing_after_it()
    {
        Assert.Equal([1, 2], await RunAsync(Source.From([1, 2, 7, 3, 4]), Pump.TakeWhile<int>(x => x < 5)));
    }

    [Fact]
    public async Task TakeWhile_applied_to_a_sink_drops_the_rest_of_the_input()
    {
        var list = Sink.ToList<int>();

        await Flow.RunAsync(Source.From([1, 9, 2]), Pump.TakeWhile<int>(x => x < 5).Into(list)).WaitAsync(Timeout);

        Assert.Equal([1], await list.Result);
    }

    [Fact]
    public async Task Scan_delivers_the_running_state()
    {
        Assert.Equal([1, 3, 6, 10], await RunAsync(Source.From([1, 2, 3, 4]), Pump.Scan<int, int>(0, (sum, x) => sum + x)));
    }

    [Fact]
    public async Task Then_runs_the_second_pump_on_every_output_of_the_first_and_flushes_both()
    {
        var pump = Pump.SplitStrings(',').Then(Pump.Map<string, int>(s => s.Length));

        Assert.Equal([1, 2, 3], await RunAsync(Source.From(["a,b", "b,c", "cc"]), pump));
    }

    [Fact]
    public async Task Split_flushes_the_trailing_piece_when_the_input_ends()
    {
        Assert.Equal(["one", "two", "three"], await SplitAsync("one\ntwo\nthr", "ee"));
    }

    [Fact]
    public async Task Split_drops_an_empty_trailing_piece_but_keeps_empty_pieces_between_delimiters()
    {
        Assert.Equal(["a", "", "b"], await SplitAsync("a\n\nb\n"));
    }

    [Fact]
    public async Task Split_joins_a_piece_that_spans_chunks()
    {
        Assert.Equal(["abcdef", "g"], await SplitAsync("ab", "cd", "ef\ng"));
    }

    [Fact]
    public async Task Split_hands_out_pieces_inside_one_chunk_as_slices_without_copying()
    {
        var chunk = "ab\ncd\n"u8.ToArray();
        var arrays = new List<byte[]?>();
        var sink = Sink.ForEach<ReadOnlyMemory<byte>>(piece =>
            arrays.Add(MemoryMarshal.TryGetArray(piece, out var segment) ? segment.Array : null));

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([chunk]).Through(Pump.Split((byte)'\n')), sink).WaitAsync(Timeout);

        Assert.Equal(2, arrays.Count);
        Assert.All(arrays, array => Assert.Same(chunk, array));
    }

    [Fact]
    public async Task Split_faults_with_InvalidDataException_when_a_piece_exceeds_the_limit()
    {
        var chunks = Source.From<ReadOnlyMemory<byte>>(["12345"u8.ToArray(), "6\n"u8.ToArray()]);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(
            () => Flow.RunAsync(chunks.Through(Pump.Split((byte)'\n', maxPieceLength: 5)), Sink.Null<ReadOnlyMemory<byte>>()).WaitAsync(Timeout));

        Assert.Contains("maxPieceLength", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Split_on_characters_keeps_a_surrogate_pair_that_spans_chunks()
    {
        var text = "x😀y,z";
        var chunks = new[] { text[..2].AsMemory(), text[2..].AsMemory() };
        var pieces = await RunAsync(Source.From(chunks), Pump.Split(',').Then(Pump.Map<ReadOnlyMemory<char>, string>(m => m.ToString())));

        Assert.Equal(["x😀y", "z"], pieces);
    }

    [Fact]
    public void Split_matches_string_Split_for_any_text_and_any_chunking()
    {
        Prop.ForAll(
            Gen.Elements('a', 'b', ',').ArrayOf().Select(chars => new string(chars)).ToArbitrary(),
            Gen.Choose(1, 5).ArrayOf().ToArbitrary(),
            (text, cuts) =>
            {
                var chunks = Chunk(text, cuts);
                var expected = text.Split(',').ToList();
                if (expected[^1].Length == 0)
                {
                    expected.RemoveAt(expected.Count - 1);
                }

                var actual = RunAsync(Source.From(chunks), Pump.SplitStrings(',')).GetAwaiter().GetResult();
                return expected.SequenceEqual(actual);
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Factories_reject_null_delegates()
    {
        Assert.Throws<ArgumentNullException>(() => Pump.Map((Func<int, int>)null!));
        Assert.Throws<ArgumentNullException>(() => Pump.Map((Func<int, CancellationToken, ValueTask<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => Pump.Filter((Func<int, bool>)null!));
        Assert.Throws<ArgumentNullException>(() => Pump.Filter((Func<int, CancellationToken, ValueTask<bool>>)null!));
        Assert.Throws<ArgumentNullException>(() => Pump.MapMany((Func<int, IEnumerable<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => Pump.SkipWhile<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Pump.TakeWhile<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Pump.Scan<int, int>(0, null!));
    }

    [Fact]
    public void Composition_rejects_null_arguments()
    {
        var pump = Pump.Map<int, int>(x => x);
        Assert.Throws<ArgumentNullException>(() => ((ISource<int>)null!).Through(pump));
        Assert.Throws<ArgumentNullException>(() => Source.Empty<int>().Through<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => pump.Into(null!));
        Assert.Throws<ArgumentNullException>(() => ((IPump<int, int>)null!).Into(Sink.Null<int>()));
        Assert.Throws<ArgumentNullException>(() => pump.Then<int, int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => ((IPump<int, int>)null!).Then(pump));
    }

    [Fact]
    public void Split_rejects_a_limit_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pump.Split((byte)'\n', maxPieceLength: 0));
    }

    [Fact]
    public async Task Pump_applied_to_a_sink_forwards_the_abort_with_the_same_problem()
    {
        var list = Sink.ToList<int>();
        var problem = new InvalidDataException("upstream failed");

        await Pump.Map<int, int>(x => x).Into(list).AbortAsync(problem);

        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => list.Result));
    }

    [Fact]
    public async Task Pump_whose_flush_fails_aborts_the_sink_with_that_failure()
    {
        var list = Sink.ToList<int>();
        var sink = new TruncatedFramePump().Into(list);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => sink.CompleteAsync().AsTask());

        Assert.Same(thrown, await Assert.ThrowsAsync<InvalidDataException>(() => list.Result));
    }

    private static async Task<IReadOnlyList<TOut>> RunAsync<TIn, TOut>(ISource<TIn> source, IPump<TIn, TOut> pump)
    {
        var list = Sink.ToList<TOut>();
        await Flow.RunAsync(source.Through(pump), list).WaitAsync(Timeout);
        return await list.Result;
    }

    private static async Task<IReadOnlyList<string>> SplitAsync(params string[] chunks)
    {
        var pieces = await RunAsync(
            Source.From(chunks.Select(chunk => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(chunk))),
            Pump.Split((byte)'\n').Then(Pump.Map<ReadOnlyMemory<byte>, string>(piece => Encoding.UTF8.GetString(piece.Span))));
        return pieces;
    }

    private static List<string> Chunk(string text, int[] cuts)
    {
        var chunks = new List<string>();
        var offset = 0;
        foreach (var cut in cuts.Append(int.MaxValue))
        {
            var length = Math.Min(cut, text.Length - offset);
            chunks.Add(text.Substring(offset, length));
            offset += length;
        }

        return chunks;
    }

    /// <summary>A pump whose leftover at the end is malformed.</summary>
    private sealed class TruncatedFramePump : IPump<int, int>
    {
        public ValueTask RunAsync(int item, ISink<int> output, CancellationToken cancellationToken = default) =>
            output.RunAsync(item, cancellationToken);

        public ValueTask CompleteAsync(ISink<int> output, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new InvalidDataException("the input ended inside a frame"));
    }
}
