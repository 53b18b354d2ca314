using System.Text;
using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

public class FrameEncoderTests
{
    private static byte[] EncodeOne(FrameEncoder encoder, string frame) => PumpHarness.Encode(encoder, [Encoding.UTF8.GetBytes(frame)]);

    [Fact]
    public void A_line_encoder_appends_lf_by_default()
    {
        Assert.Equal("hi\n"u8.ToArray(), EncodeOne(new LineEncoder(10), "hi"));
    }

    [Fact]
    public void A_line_encoder_appends_crlf_when_asked()
    {
        Assert.Equal("hi\r\n"u8.ToArray(), EncodeOne(new LineEncoder(10, LineTerminator.CarriageReturnLineFeed), "hi"));
    }

    [Fact]
    public void A_line_containing_lf_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => EncodeOne(new LineEncoder(10), "a\nb"));
    }

    [Fact]
    public void A_line_ending_with_cr_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => EncodeOne(new LineEncoder(10), "a\r"));
    }

    [Fact]
    public void A_line_over_the_limit_faults_with_OutgoingFrameTooLongException_naming_the_limit()
    {
        var problem = Assert.Throws<OutgoingFrameTooLongException>(() => EncodeOne(new LineEncoder(2), "abc"));

        Assert.Equal(3, problem.FrameLength);
        Assert.Equal(2, problem.MaxFrameLength);
        Assert.Contains("maximum frame length of 2 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_containing_the_delimiter_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => EncodeOne(new DelimiterEncoder("::"u8, 10), "a::b"));
    }

    [Fact]
    public void A_delimiter_encoder_appends_the_delimiter()
    {
        Assert.Equal("a:b::"u8.ToArray(), EncodeOne(new DelimiterEncoder("::"u8, 10), "a:b"));
    }

    [Fact]
    public void A_length_prefix_encoder_writes_the_field_after_the_header()
    {
        var encoder = new LengthPrefixEncoder(new LengthPrefixOptions(100) { LengthFieldOffset = 1, LengthFieldSize = 2, ByteOrder = ByteOrder.LittleEndian });

        Assert.Equal([(byte)'T', 2, 0, (byte)'o', (byte)'k'], EncodeOne(encoder, "Tok"));
    }

    [Fact]
    public void A_length_prefix_encoder_applies_the_adjustment()
    {
        var encoder = new LengthPrefixEncoder(new LengthPrefixOptions(100) { LengthAdjustment = -4 });

        Assert.Equal([0, 0, 0, 7, .. "abc"u8], EncodeOne(encoder, "abc"));
    }

    [Fact]
    public void A_payload_too_long_for_the_length_field_faults_with_OutgoingFrameTooLongException()
    {
        var encoder = new LengthPrefixEncoder(new LengthPrefixOptions(1000) { LengthFieldSize = 1 });

        var problem = Assert.Throws<OutgoingFrameTooLongException>(() => PumpHarness.Encode(encoder, [new byte[256]]));

        Assert.Equal(255, problem.MaxFrameLength);
    }

    [Fact]
    public void A_payload_over_the_limit_faults_with_OutgoingFrameTooLongException()
    {
        var encoder = new LengthPrefixEncoder(new LengthPrefixOptions(4));

        Assert.Throws<OutgoingFrameTooLongException>(() => EncodeOne(encoder, "12345"));
    }

    [Fact]
    public void A_record_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => EncodeOne(new FixedSizeEncoder(4), "abc"));
    }
}
