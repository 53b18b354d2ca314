using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

public class DelimiterDecoderTests
{
    [Fact]
    public async Task Frames_are_cut_at_a_multi_byte_delimiter()
    {
        var frames = await PumpHarness.DecodeLinesAsync(new DelimiterDecoder("||"u8, 100), "a||bc||||");

        Assert.Equal(["a", "bc", ""], frames);
    }

    [Fact]
    public async Task A_delimiter_split_across_chunks_is_found()
    {
        var frames = await PumpHarness.DecodeLinesAsync(new DelimiterDecoder("<END>"u8, 100), "one<E", "N", "D>two<", "END", ">");

        Assert.Equal(["one", "two"], frames);
    }

    [Fact]
    public async Task Bytes_that_begin_like_the_delimiter_stay_in_the_frame()
    {
        var frames = await PumpHarness.DecodeLinesAsync(new DelimiterDecoder("ab"u8, 100), "xa", "a", "ab", "aab");

        Assert.Equal(["xaa", "a"], frames);
    }

    [Fact]
    public async Task The_delimiter_is_kept_when_asked()
    {
        var frames = await PumpHarness.DecodeLinesAsync(new DelimiterDecoder("\0"u8, 100, keepDelimiter: true), "a\0b", "\0");

        Assert.Equal(["a\0", "b\0"], frames);
    }

    [Fact]
    public async Task Bytes_after_the_last_delimiter_fault_with_TruncatedFrameException_by_default()
    {
        var problem = await Assert.ThrowsAsync<TruncatedFrameException>(() => PumpHarness.DecodeLinesAsync(new DelimiterDecoder(";"u8, 100), "a;bc"));

        Assert.Equal(2, problem.ReceivedLength);
    }

    [Fact]
    public async Task Bytes_after_the_last_delimiter_are_a_last_frame_when_allowed()
    {
        var frames = await PumpHarness.DecodeLinesAsync(new DelimiterDecoder(";"u8, 100, allowUnterminatedLastFrame: true), "a;bc");

        Assert.Equal(["a", "bc"], frames);
    }

    [Fact]
    public async Task A_frame_over_the_limit_across_chunks_faults_with_FrameTooLongException()
    {
        var problem = await Assert.ThrowsAsync<FrameTooLongException>(() => PumpHarness.DecodeLinesAsync(new DelimiterDecoder("--"u8, 4), "abc", "de-", "-"));

        Assert.Equal(4, problem.MaxFrameLength);
    }

    [Fact]
    public async Task A_frame_at_the_limit_with_its_delimiter_split_is_accepted()
    {
        var frames = await PumpHarness.DecodeLinesAsync(new DelimiterDecoder("--"u8, 4), "abc", "d-", "-");

        Assert.Equal(["abcd"], frames);
    }

    [Fact]
    public void An_empty_delimiter_is_rejected()
    {
        var problem = Assert.Throws<ArgumentException>(() => new DelimiterDecoder([], 10));

        Assert.Equal("delimiter", problem.ParamName);
    }
}
