using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Streamcaps.Tests.Framing;
using Streamcaps.Text;

namespace Streamcaps.Tests.Text;

public class Utf8DecoderTests
{
    private const string Mixed = "aé€😀z";

    private static async Task<string> DecodeAsync(IEnumerable<byte[]> chunks, InvalidTextHandling handling = InvalidTextHandling.Fail, bool asynchronousSink = false)
    {
        var pieces = await PumpHarness.RunAsync(new Utf8Decoder(handling), chunks.Select(static c => (ReadOnlyMemory<byte>)c), static chars => chars.ToArray(), asynchronousSink);
        return string.Concat(pieces.Select(static piece => new string(piece.Span)));
    }

    [Fact]
    public async Task A_character_split_at_every_byte_boundary_is_decoded_whole()
    {
        var bytes = Encoding.UTF8.GetBytes(Mixed);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.Equal(Mixed, await DecodeAsync([bytes[..cut], bytes[cut..]]));
        }
    }

    [Fact]
    public async Task A_four_byte_character_delivered_one_byte_at_a_time_is_decoded_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("😀");

        Assert.Equal("😀", await DecodeAsync(bytes.Select(static b => new[] { b }), asynchronousSink: true));
    }

    [Fact]
    public async Task Invalid_bytes_fault_with_InvalidUtf8Exception_naming_them()
    {
        var problem = await Assert.ThrowsAsync<InvalidUtf8Exception>(() => DecodeAsync([[(byte)'a', 0xC3, 0x28]]));

        Assert.Contains("0xC3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_bytes_become_the_replacement_character_when_asked()
    {
        Assert.Equal("a\uFFFD(", await DecodeAsync([[(byte)'a', 0xC3, 0x28]], InvalidTextHandling.Replace));
    }

    [Fact]
    public async Task Input_ending_inside_a_character_faults_with_InvalidUtf8Exception()
    {
        var problem = await Assert.ThrowsAsync<InvalidUtf8Exception>(() => DecodeAsync([[(byte)'a', 0xE2, 0x82]]));

        Assert.Contains("ended in the middle", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_ending_inside_a_character_gives_a_replacement_character_when_asked()
    {
        Assert.Equal("a\uFFFD", await DecodeAsync([[(byte)'a', 0xE2, 0x82]], InvalidTextHandling.Replace));
    }

    [Fact]
    public async Task The_string_decoder_gives_one_string_per_chunk_including_empty_ones()
    {
        var strings = await PumpHarness.RunAsync(new Utf8StringDecoder(), new[] { "ab"u8.ToArray(), [], "é"u8.ToArray() }.Select(static c => (ReadOnlyMemory<byte>)c), static s => s);

        Assert.Equal(["ab", "", "é"], strings);
    }

    [Fact]
    public async Task Utf8_lines_decode_text_lines_split_anywhere()
    {
        var bytes = Encoding.UTF8.GetBytes("héllo\r\nwörld 😀\n");
        var chunks = bytes.Chunk(3).Select(static c => (ReadOnlyMemory<byte>)c);

        var lines = await PumpHarness.RunAsync(Pump.Utf8Lines(100), chunks, static s => s);

        Assert.Equal(["héllo", "wörld 😀"], lines);
    }

    [Fact]
    public void Any_text_round_trips_through_any_chunking()
    {
        var scalar = Gen.OneOf(Gen.Choose(0, 0xD7FF), Gen.Choose(0xE000, 0x10FFFF), Gen.Choose(0x20, 0x7E));
        var texts = Gen.ArrayOf(scalar).Select(static scalars => string.Concat(scalars.Select(char.ConvertFromUtf32)));

        Prop.ForAll(texts.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (text, seed) =>
            {
                var chunks = PumpHarness.Rechunk(Encoding.UTF8.GetBytes(text), seed, maxChunk: 5);
                var decoded = DecodeAsync(chunks);
                return decoded.IsCompletedSuccessfully && decoded.Result == text;
            })
            .QuickCheckThrowOnFailure();
    }
}
