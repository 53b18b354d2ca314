using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

public class FixedSizeDecoderTests
{
    [Fact]
    public async Task Records_are_cut_inside_and_across_chunks()
    {
        var records = await PumpHarness.DecodeLinesAsync(new FixedSizeDecoder(3), "abcde", "f", "ghi", "");

        Assert.Equal(["abc", "def", "ghi"], records);
    }

    [Fact]
    public async Task Input_ending_inside_a_record_faults_with_TruncatedFrameException()
    {
        var problem = await Assert.ThrowsAsync<TruncatedFrameException>(() => PumpHarness.DecodeLinesAsync(new FixedSizeDecoder(4), "abcdef"));

        Assert.Equal(2, problem.ReceivedLength);
    }

    [Fact]
    public void A_record_size_of_zero_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedSizeDecoder(0));
    }
}
