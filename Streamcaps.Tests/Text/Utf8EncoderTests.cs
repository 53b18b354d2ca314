using System.Text;
using Streamcaps.Tests.Framing;
using Streamcaps.Text;

namespace Streamcaps.Tests.Text;

public class Utf8EncoderTests
{
    private static async Task<byte[]> EncodeAsync(IEnumerable<string> chunks, InvalidTextHandling handling = InvalidTextHandling.Fail)
    {
        var pieces = await PumpHarness.RunAsync(new Utf8Encoder(handling), chunks.Select(static c => c.AsMemory()), static bytes => bytes.ToArray());
        return pieces.SelectMany(static piece => piece.ToArray()).ToArray();
    }

    [Fact]
    public async Task A_surrogate_pair_split_across_chunks_is_encoded_whole()
    {
        var emoji = "😀";

        Assert.Equal(Encoding.UTF8.GetBytes("a😀b"), await EncodeAsync(["a" + emoji[0], emoji[1] + "b"]));
    }

    [Fact]
    public async Task An_unpaired_surrogate_faults_with_InvalidUtf8Exception()
    {
        await Assert.ThrowsAsync<InvalidUtf8Exception>(() => EncodeAsync(["a\uDC00b"]));
    }

    [Fact]
    public async Task Text_ending_with_half_a_surrogate_pair_faults_with_InvalidUtf8Exception()
    {
        await Assert.ThrowsAsync<InvalidUtf8Exception>(() => EncodeAsync(["a\uD83D"]));
    }

    [Fact]
    public async Task An_unpaired_surrogate_becomes_the_replacement_character_when_asked()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("a\uFFFDb"), await EncodeAsync(["a\uDC00b"], InvalidTextHandling.Replace));
    }

    [Fact]
    public async Task The_string_encoder_gives_one_chunk_per_string_including_empty_ones()
    {
        var chunks = await PumpHarness.RunAsync(new Utf8StringEncoder(), ["é", ""], static bytes => (ReadOnlyMemory<byte>)bytes.ToArray());

        Assert.Equal([[0xC3, 0xA9], []], chunks.Select(static c => c.ToArray()));
    }

    [Fact]
    public async Task Utf8_line_writer_ends_each_string_with_the_terminator()
    {
        var chunks = await PumpHarness.RunAsync(Pump.Utf8LineWriter(10, Streamcaps.Framing.LineTerminator.CarriageReturnLineFeed), ["hé", "x"], static bytes => (ReadOnlyMemory<byte>)bytes.ToArray());

        Assert.Equal("hé\r\nx\r\n", Encoding.UTF8.GetString(chunks.SelectMany(static c => c.ToArray()).ToArray()));
    }
}
