using System.Text;

namespace Streamcaps.Tests.Core;

/// <summary><see cref="Pump.Split(ReadOnlySpan{byte}, int)"/> and its overloads: delimiters of several elements,
/// found whatever the chunk boundaries, the delimiter's own included.</summary>
public class MultiDelimiterSplitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_two_byte_delimiter_split_at_every_boundary_is_found()
    {
        const string Text = "one\r\ntwo\r\n\r\nthree";
        var bytes = Encoding.ASCII.GetBytes(Text);
        for (var first = 0; first <= bytes.Length; first++)
        {
            for (var second = first; second <= bytes.Length; second++)
            {
                var chunks = new[] { bytes[..first], bytes[first..second], bytes[second..] };

                Assert.Equal(["one", "two", "", "three"], await SplitBytesAsync("\r\n"u8.ToArray(), chunks));
            }
        }
    }

    [Fact]
    public async Task Bytes_fed_one_at_a_time_split_at_a_long_delimiter()
    {
        var bytes = Encoding.ASCII.GetBytes("a--->b-->c--->");

        Assert.Equal(["a", "b-->c"], await SplitBytesAsync("--->"u8.ToArray(), bytes.Select(b => new[] { b })));
    }

    [Fact]
    public async Task Split_matches_string_Split_for_random_text_and_random_chunks()
    {
        var random = new Random(13);
        string[] delimiters = ["ab", "aab", "aba", "bbb", "abab"];
        for (var round = 0; round < 400; round++)
        {
            var delimiter = delimiters[round % delimiters.Length];
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => "abc"[random.Next(3)]).ToArray());
            var chunks = Cut(text, random);

            var expected = text.Split(delimiter).ToList();
            if (expected[^1].Length == 0)
            {
                expected.RemoveAt(expected.Count - 1); // the pump drops an empty trailing piece
            }

            var pieces = await Source.From(chunks).Through(Pump.SplitStrings(delimiter)).ToListAsync().AsTask().WaitAsync(Timeout);
            Assert.True(expected.SequenceEqual(pieces), $"\"{text}\" cut as [{string.Join('|', chunks)}] at \"{delimiter}\": [{string.Join('|', pieces)}]");
        }
    }

    [Fact]
    public async Task Characters_split_at_a_multi_character_delimiter_across_chunks()
    {
        var chunks = new ReadOnlyMemory<char>[] { "key: val".AsMemory(), "ue :".AsMemory(), ": end::".AsMemory(), ":".AsMemory() };

        var pieces = await Source.From(chunks).Through(Pump.Split("::")).Select(piece => piece.ToString()).ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(["key: value ", " end", ":"], pieces);
    }

    [Fact]
    public async Task A_piece_inside_one_chunk_is_a_slice_of_it()
    {
        var chunk = "left||right||"u8.ToArray();
        var slices = new List<bool>();
        var sink = Sink.ForEach<ReadOnlyMemory<byte>>(piece =>
            slices.Add(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(piece, out var segment) && ReferenceEquals(segment.Array, chunk)));

        await Source.From(new ReadOnlyMemory<byte>[] { chunk }).Through(Pump.Split("||"u8)).CopyToAsync(sink).WaitAsync(Timeout);

        Assert.Equal([true, true], slices);
    }

    [Fact]
    public async Task A_piece_over_the_limit_faults_even_when_its_delimiter_is_split_across_chunks()
    {
        var chunks = new[] { "12345\r"u8.ToArray(), "\n"u8.ToArray() };

        await Assert.ThrowsAsync<InvalidDataException>(() => SplitBytesAsync("\r\n"u8.ToArray(), chunks, maxPieceLength: 4));
        Assert.Equal(["2345"], await SplitBytesAsync("\r\n"u8.ToArray(), [.. chunks.Select(c => c.Length > 1 ? c[1..] : c)], maxPieceLength: 4));
    }

    [Fact]
    public async Task A_trailing_piece_over_the_limit_faults_at_the_end()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => SplitBytesAsync("\r\n"u8.ToArray(), ["12345"u8.ToArray()], maxPieceLength: 4));
    }

    [Fact]
    public void An_empty_delimiter_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Pump.Split(ReadOnlySpan<byte>.Empty));
        Assert.Throws<ArgumentException>(() => Pump.Split(ReadOnlySpan<char>.Empty));
        Assert.Throws<ArgumentException>(() => Pump.SplitStrings(""));
        Assert.Throws<ArgumentNullException>(() => Pump.SplitStrings(null!));
    }

    private static async Task<List<string>> SplitBytesAsync(byte[] delimiter, IEnumerable<byte[]> chunks, int maxPieceLength = Pump.DefaultMaxPieceLength) =>
        await Source.From(chunks.Select(chunk => (ReadOnlyMemory<byte>)chunk))
            .Through(Pump.Split(delimiter, maxPieceLength))
            .Select(piece => Encoding.ASCII.GetString(piece.Span))
            .ToListAsync()
            .AsTask()
            .WaitAsync(Timeout);

    private static List<string> Cut(string text, Random random)
    {
        var chunks = new List<string>();
        var offset = 0;
        while (offset < text.Length)
        {
            var length = Math.Min(random.Next(1, 6), text.Length - offset);
            chunks.Add(text.Substring(offset, length));
            offset += length;
        }

        return chunks;
    }
}
