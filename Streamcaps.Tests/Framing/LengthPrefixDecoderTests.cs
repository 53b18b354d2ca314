using System.Runtime.InteropServices;
using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

public class LengthPrefixDecoderTests
{
    [Theory]
    [InlineData(1, ByteOrder.BigEndian, new byte[] { 3 })]
    [InlineData(2, ByteOrder.BigEndian, new byte[] { 0, 3 })]
    [InlineData(2, ByteOrder.LittleEndian, new byte[] { 3, 0 })]
    [InlineData(4, ByteOrder.BigEndian, new byte[] { 0, 0, 0, 3 })]
    [InlineData(4, ByteOrder.LittleEndian, new byte[] { 3, 0, 0, 0 })]
    [InlineData(8, ByteOrder.BigEndian, new byte[] { 0, 0, 0, 0, 0, 0, 0, 3 })]
    [InlineData(8, ByteOrder.LittleEndian, new byte[] { 3, 0, 0, 0, 0, 0, 0, 0 })]
    public async Task The_length_field_is_read_in_its_size_and_byte_order(int size, ByteOrder order, byte[] prefix)
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100) { LengthFieldSize = size, ByteOrder = order });

        var frames = await PumpHarness.DecodeAsync(decoder, [[.. prefix, .. "abc"u8, .. prefix, .. "xyz"u8]]);

        Assert.Equal(["abc"u8.ToArray(), "xyz"u8.ToArray()], frames);
    }

    [Fact]
    public async Task A_frame_split_across_chunks_byte_by_byte_is_assembled()
    {
        byte[] wire = [0, 5, .. "hello"u8, 0, 0];
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100) { LengthFieldSize = 2 });

        var frames = await PumpHarness.DecodeAsync(decoder, wire.Select(static b => new[] { b }));

        Assert.Equal(["hello"u8.ToArray(), []], frames);
    }

    [Fact]
    public async Task A_frame_inside_one_chunk_is_a_slice_of_the_input_not_a_copy()
    {
        byte[] input = [2, .. "hi"u8, 1, .. "!"u8];
        var arrays = new List<byte[]?>();
        var sink = new RecordingSink<ReadOnlyMemory<byte>>(frame =>
        {
            arrays.Add(MemoryMarshal.TryGetArray(frame, out var segment) ? segment.Array : null);
            return frame;
        });

        await new LengthPrefixDecoder(new LengthPrefixOptions(10) { LengthFieldSize = 1 }).RunAsync(input, sink);

        Assert.Equal(2, arrays.Count);
        Assert.All(arrays, array => Assert.Same(input, array));
    }

    [Fact]
    public async Task A_header_before_the_length_field_is_skipped_with_it()
    {
        // [type byte][2-byte length][payload]
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100) { LengthFieldOffset = 1, LengthFieldSize = 2 });

        var frames = await PumpHarness.DecodeAsync(decoder, [[0x7F, 0, 2, .. "ok"u8]]);

        Assert.Equal(["ok"u8.ToArray()], frames);
    }

    [Fact]
    public async Task The_whole_frame_is_delivered_when_nothing_is_skipped()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100) { LengthFieldOffset = 1, LengthFieldSize = 2, BytesToSkip = 0 });

        var frames = await PumpHarness.DecodeAsync(decoder, [[0x7F, 0, 2, .. "ok"u8]]);

        Assert.Equal([[0x7F, 0, 2, .. "ok"u8]], frames);
    }

    [Fact]
    public async Task A_length_that_counts_its_own_field_is_adjusted()
    {
        // The 4-byte length 7 counts itself: 3 bytes of payload follow.
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100) { LengthAdjustment = -4 });

        var frames = await PumpHarness.DecodeAsync(decoder, [[0, 0, 0, 7, .. "abc"u8]]);

        Assert.Equal(["abc"u8.ToArray()], frames);
    }

    [Fact]
    public async Task A_prefix_announcing_more_than_the_limit_faults_before_the_frame_is_buffered()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(1024));
        var sink = new RecordingSink<ReadOnlyMemory<byte>>(static frame => frame);

        var problem = await Assert.ThrowsAsync<FrameTooLongException>(async () => await decoder.RunAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }, sink));

        Assert.Equal(int.MaxValue, problem.FrameLength);
        Assert.Equal(1024, problem.MaxFrameLength);
    }

    [Fact]
    public async Task A_huge_eight_byte_prefix_faults_with_FrameTooLongException()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(1024) { LengthFieldSize = 8 });

        var problem = await Assert.ThrowsAsync<FrameTooLongException>(
            () => PumpHarness.DecodeAsync(decoder, [[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]]));

        Assert.Equal(long.MaxValue, problem.FrameLength);
    }

    [Fact]
    public async Task A_negative_signed_prefix_faults_with_InvalidLengthPrefixException()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(1024) { LengthFieldIsSigned = true });

        var problem = await Assert.ThrowsAsync<InvalidLengthPrefixException>(() => PumpHarness.DecodeAsync(decoder, [[0xFF, 0xFF, 0xFF, 0xFF]]));

        Assert.Equal(-1, problem.LengthPrefix);
        Assert.Contains("negative", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_smaller_than_the_adjustment_faults_with_InvalidLengthPrefixException()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(1024) { LengthAdjustment = -4 });

        var problem = await Assert.ThrowsAsync<InvalidLengthPrefixException>(() => PumpHarness.DecodeAsync(decoder, [[0, 0, 0, 2]]));

        Assert.Equal(2, problem.LengthPrefix);
    }

    [Fact]
    public async Task Input_ending_inside_the_header_faults_with_TruncatedFrameException()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100));

        var problem = await Assert.ThrowsAsync<TruncatedFrameException>(() => PumpHarness.DecodeAsync(decoder, [[0, 0]]));

        Assert.Equal(2, problem.ReceivedLength);
        Assert.Contains("header", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_ending_inside_the_payload_faults_with_TruncatedFrameException()
    {
        var decoder = new LengthPrefixDecoder(new LengthPrefixOptions(100) { LengthFieldSize = 1 });

        var problem = await Assert.ThrowsAsync<TruncatedFrameException>(() => PumpHarness.DecodeAsync(decoder, [[9, 1, 2], [3]]));

        Assert.Equal(4, problem.ReceivedLength);
    }

    [Theory]
    [InlineData(3, 0, null)]
    [InlineData(4, -1, null)]
    [InlineData(4, 0, 5)]
    public void Options_out_of_range_are_rejected_with_the_option_named(int size, int offset, int? skip)
    {
        var options = new LengthPrefixOptions(10) { LengthFieldSize = size, LengthFieldOffset = offset, BytesToSkip = skip };

        var problem = Assert.Throws<ArgumentOutOfRangeException>(() => new LengthPrefixDecoder(options));

        Assert.NotNull(problem.ParamName);
    }
}
