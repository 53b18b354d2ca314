using System.Text;
using Streamcaps.Tests.Framing;
using Streamcaps.Text;

namespace Streamcaps.Tests.Text;

/// <summary>The text pumps in encodings other than UTF-8.</summary>
public class TextCodecTests
{
    private const string Mixed = "aé€😀z";

    public static TheoryData<string> Encodings => ["utf-16", "utf-16BE", "utf-32", "utf-32BE", "utf-8"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_character_split_at_every_byte_boundary_decodes_whole(string name)
    {
        var encoding = Encoding.GetEncoding(name);
        var bytes = encoding.GetBytes(Mixed);
        for (var first = 0; first <= bytes.Length; first++)
        {
            for (var second = first; second <= bytes.Length; second++)
            {
                Assert.Equal(Mixed, await DecodeAsync(encoding, [bytes[..first], bytes[first..second], bytes[second..]]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Bytes_fed_one_at_a_time_decode_whole_with_an_asynchronous_sink(string name)
    {
        var encoding = Encoding.GetEncoding(name);

        Assert.Equal(Mixed, await DecodeAsync(encoding, encoding.GetBytes(Mixed).Select(b => new[] { b }), asynchronousSink: true));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_surrogate_pair_split_across_chunks_encodes_whole(string name)
    {
        var encoding = Encoding.GetEncoding(name);
        var chunks = new[] { "a\uD83D".AsMemory(), "\uDE00z".AsMemory() };

        var bytes = await PumpHarness.RunAsync(new TextEncoder(encoding), chunks, static b => b.ToArray());

        Assert.Equal(encoding.GetBytes("a😀z"), bytes.SelectMany(static b => b.ToArray()));
    }

    [Fact]
    public async Task Latin1_decodes_every_byte()
    {
        byte[] bytes = [.. Enumerable.Range(0, 256).Select(static b => (byte)b)];

        Assert.Equal(Encoding.Latin1.GetString(bytes), await DecodeAsync(Encoding.Latin1, [bytes[..100], bytes[100..]]));
    }

    [Fact]
    public async Task Invalid_UTF16_fails_with_InvalidTextException_that_is_not_the_UTF8_one()
    {
        // A low surrogate with no high one before it.
        byte[] bytes = [(byte)'a', 0, 0x00, 0xDC, (byte)'b', 0];

        var problem = await Assert.ThrowsAsync<InvalidTextException>(() => DecodeAsync(Encoding.Unicode, [bytes]));

        Assert.IsNotType<InvalidUtf8Exception>(problem);
        Assert.Contains("UTF-16", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_UTF16_becomes_the_replacement_character_when_asked()
    {
        byte[] bytes = [(byte)'a', 0, 0x00, 0xDC, (byte)'b', 0];

        Assert.Equal("a\uFFFDb", await DecodeAsync(Encoding.Unicode, [bytes], InvalidTextHandling.Replace));
    }

    [Fact]
    public async Task Input_that_ends_inside_a_UTF32_character_fails_at_the_end()
    {
        var problem = await Assert.ThrowsAsync<InvalidTextException>(() => DecodeAsync(Encoding.UTF32, [[(byte)'a', 0, 0, 0, (byte)'b', 0]]));

        Assert.Contains("ended in the middle", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UTF8_errors_stay_InvalidUtf8Exception_through_the_general_decoder()
    {
        await Assert.ThrowsAsync<InvalidUtf8Exception>(() => DecodeAsync(Encoding.UTF8, [[0xC3, 0x28]]));
    }

    [Fact]
    public async Task A_character_Latin1_cannot_represent_fails_or_becomes_a_question_mark()
    {
        var problem = await Assert.ThrowsAsync<InvalidTextException>(() => EncodeStringsAsync(Encoding.Latin1, InvalidTextHandling.Fail, "a€b"));
        Assert.Contains("U+20AC", problem.Message, StringComparison.Ordinal);

        Assert.Equal("a?b"u8.ToArray(), await EncodeStringsAsync(Encoding.Latin1, InvalidTextHandling.Replace, "a€b"));
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_UTF16_becomes_the_encoded_replacement_character_when_asked()
    {
        Assert.Equal(Encoding.BigEndianUnicode.GetBytes("a\uFFFD"), await EncodeStringsAsync(Encoding.BigEndianUnicode, InvalidTextHandling.Replace, "a\uD800"));
    }

    [Fact]
    public async Task StringDecoder_makes_one_string_per_chunk_in_its_encoding()
    {
        var encoding = Encoding.BigEndianUnicode;
        var chunks = new ReadOnlyMemory<byte>[] { encoding.GetBytes("first"), encoding.GetBytes(""), encoding.GetBytes("é") };

        Assert.Equal(["first", "", "é"], await Source.From(chunks).Through(new StringDecoder(encoding)).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Text_round_trips_through_encoder_and_decoder_in_random_chunks()
    {
        var random = new Random(7);
        string[] characters = ["a", "é", "€", "😀", "z"];
        var text = string.Concat(Enumerable.Range(0, 500).Select(_ => characters[random.Next(characters.Length)]));
        foreach (var encoding in new[] { Encoding.Unicode, Encoding.UTF32, Encoding.BigEndianUnicode })
        {
            var encoded = (await EncodeStringsAsync(encoding, InvalidTextHandling.Fail, Chop(text, random))).ToArray();
            var decoded = await DecodeAsync(encoding, PumpHarness.Rechunk(encoded, seed: 3, maxChunk: 7));

            Assert.Equal(text, decoded);
        }
    }

    [Fact]
    public void Constructors_reject_a_null_encoding_and_an_unknown_handling()
    {
        Assert.Throws<ArgumentNullException>(() => new TextDecoder(null!));
        Assert.Throws<ArgumentNullException>(() => new StringEncoder(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextEncoder(Encoding.Unicode, (InvalidTextHandling)7));
    }

    private static async Task<string> DecodeAsync(Encoding encoding, IEnumerable<byte[]> chunks, InvalidTextHandling handling = InvalidTextHandling.Fail, bool asynchronousSink = false)
    {
        var pieces = await PumpHarness.RunAsync(new TextDecoder(encoding, handling), chunks.Select(static c => (ReadOnlyMemory<byte>)c), static chars => chars.ToArray(), asynchronousSink);
        return string.Concat(pieces.Select(static piece => new string(piece.Span)));
    }

    private static async Task<byte[]> EncodeStringsAsync(Encoding encoding, InvalidTextHandling handling, params string[] strings)
    {
        var chunks = await PumpHarness.RunAsync(new StringEncoder(encoding, handling), strings, static bytes => bytes.ToArray());
        return [.. chunks.SelectMany(static chunk => chunk.ToArray())];
    }

    private static string[] Chop(string text, Random random)
    {
        var pieces = new List<string>();
        for (var offset = 0; offset < text.Length;)
        {
            var length = Math.Min(random.Next(1, 9), text.Length - offset);
            pieces.Add(text.Substring(offset, length));
            offset += length;
        }

        return [.. pieces];
    }
}
