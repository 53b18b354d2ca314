using System.Runtime.InteropServices;
using System.Text;
using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

public class LineDecoderTests
{
    private static readonly string[] AsyncChunks = ["a\nb", "\nc\n", "d"];

    [Fact]
    public async Task Lines_ending_in_lf_or_crlf_are_delivered_without_their_terminator()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100), "one\ntwo\r\nthree\n");

        Assert.Equal(["one", "two", "three"], lines);
    }

    [Fact]
    public async Task Terminators_are_kept_when_asked()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100, keepTerminator: true), "one\ntwo\r\n");

        Assert.Equal(["one\n", "two\r\n"], lines);
    }

    [Fact]
    public async Task Empty_lines_are_lines()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100), "\n\r\na\n\n");

        Assert.Equal(["", "", "a", ""], lines);
    }

    [Fact]
    public async Task A_lone_carriage_return_is_part_of_the_line()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100), "a\rb\n");

        Assert.Equal(["a\rb"], lines);
    }

    [Fact]
    public async Task A_line_split_across_chunks_is_assembled()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100), "he", "ll", "o\nwor", "ld\n");

        Assert.Equal(["hello", "world"], lines);
    }

    [Fact]
    public async Task A_crlf_split_between_chunks_is_one_terminator()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100), "abc\r", "\ndef\r", "\n");

        Assert.Equal(["abc", "def"], lines);
    }

    [Fact]
    public async Task A_line_inside_one_chunk_is_a_slice_of_the_input_not_a_copy()
    {
        var input = "first\nsecond\n"u8.ToArray();
        var arrays = new List<byte[]?>();
        var sink = new RecordingSink<ReadOnlyMemory<byte>>(frame =>
        {
            arrays.Add(MemoryMarshal.TryGetArray(frame, out var segment) ? segment.Array : null);
            return frame.ToArray();
        });

        await new LineDecoder(100).RunAsync(input, sink);

        Assert.Equal(2, arrays.Count);
        Assert.All(arrays, array => Assert.Same(input, array));
    }

    [Fact]
    public async Task Lines_arrive_in_order_when_the_sink_completes_asynchronously()
    {
        var chunks = AsyncChunks.Select(Encoding.UTF8.GetBytes);

        var frames = await PumpHarness.DecodeAsync(new LineDecoder(100), chunks, asynchronousSink: true);

        Assert.Equal(["a", "b", "c", "d"], frames.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public async Task A_line_at_exactly_the_limit_is_accepted_with_either_terminator()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(3), "abc\r\n", "de", "f\r", "\nghi\n");

        Assert.Equal(["abc", "def", "ghi"], lines);
    }

    [Fact]
    public async Task A_line_over_the_limit_inside_one_chunk_faults_with_FrameTooLongException()
    {
        var problem = await Assert.ThrowsAsync<FrameTooLongException>(() => PumpHarness.DecodeLinesAsync(new LineDecoder(3), "ok\nabcd\n"));

        Assert.Equal(3, problem.MaxFrameLength);
        Assert.Equal(4, problem.FrameLength);
        Assert.Contains("maximum frame length of 3 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_over_the_limit_with_crlf_faults()
    {
        await Assert.ThrowsAsync<FrameTooLongException>(() => PumpHarness.DecodeLinesAsync(new LineDecoder(3), "abcd\r\n"));
    }

    [Fact]
    public async Task A_line_growing_past_the_limit_across_chunks_faults_before_its_end_arrives()
    {
        var decoder = new LineDecoder(10);
        var sink = new RecordingSink<ReadOnlyMemory<byte>>(static frame => frame.ToArray());
        await decoder.RunAsync("0123456"u8.ToArray(), sink);

        var problem = await Assert.ThrowsAsync<FrameTooLongException>(async () => await decoder.RunAsync(new byte[1_000_000], sink));

        Assert.Equal(10, problem.MaxFrameLength);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public async Task An_unterminated_last_line_is_delivered_when_the_input_ends()
    {
        var lines = await PumpHarness.DecodeLinesAsync(new LineDecoder(100), "a\nlast");

        Assert.Equal(["a", "last"], lines);
    }

    [Fact]
    public async Task An_unterminated_last_line_faults_with_TruncatedFrameException_when_not_allowed()
    {
        var problem = await Assert.ThrowsAsync<TruncatedFrameException>(
            () => PumpHarness.DecodeLinesAsync(new LineDecoder(100, allowUnterminatedLastLine: false), "a\nlast"));

        Assert.Equal(4, problem.ReceivedLength);
    }

    [Fact]
    public async Task An_unterminated_last_line_over_the_limit_faults()
    {
        await Assert.ThrowsAsync<FrameTooLongException>(() => PumpHarness.DecodeLinesAsync(new LineDecoder(3), "ab", "cd"));
    }

    [Fact]
    public async Task Framing_errors_are_InvalidData_style_IOExceptions()
    {
        var problem = await Assert.ThrowsAsync<FrameTooLongException>(() => PumpHarness.DecodeLinesAsync(new LineDecoder(1), "abc\n"));

        Assert.IsAssignableFrom<FramingException>(problem);
        Assert.IsAssignableFrom<IOException>(problem);
    }

    [Fact]
    public void A_negative_limit_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineDecoder(-1));
    }
}
