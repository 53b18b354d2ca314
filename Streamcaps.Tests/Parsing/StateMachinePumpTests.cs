using FsCheck;
using FsCheck.Fluent;
using Streamcaps.Framing;
using Streamcaps.Parsing;
using Streamcaps.Tests.Framing;

namespace Streamcaps.Tests.Parsing;

public class StateMachinePumpTests
{
    private static readonly byte[] TwoRecords = [1, 0, 3, (byte)'a', (byte)'b', (byte)'c', 2, 0, 0];

    private static Task<List<Tlv>> ParseAsync(IEnumerable<byte[]> chunks, int maxBytesNeeded = 1024, bool asynchronousSink = false) =>
        PumpHarness.RunAsync(Pump.FromStateMachine(new TlvMachine(), maxBytesNeeded), chunks.Select(static c => (ReadOnlyMemory<byte>)c), static tlv => tlv, asynchronousSink);

    private static void AssertTwoRecords(List<Tlv> records)
    {
        Assert.Equal(2, records.Count);
        Assert.Equal((byte)1, records[0].Type);
        Assert.Equal("abc"u8.ToArray(), records[0].Value);
        Assert.Equal((byte)2, records[1].Type);
        Assert.Empty(records[1].Value);
    }

    [Fact]
    public async Task Each_state_gets_exactly_the_bytes_it_needs_from_one_chunk()
    {
        AssertTwoRecords(await ParseAsync([TwoRecords]));
    }

    [Fact]
    public async Task Each_state_gets_exactly_the_bytes_it_needs_when_they_arrive_one_at_a_time()
    {
        AssertTwoRecords(await ParseAsync(TwoRecords.Select(static b => new[] { b }), asynchronousSink: true));
    }

    [Fact]
    public async Task A_state_needing_more_than_the_limit_faults_with_FrameTooLongException()
    {
        var problem = await Assert.ThrowsAsync<FrameTooLongException>(() => ParseAsync([[1, 0xFF, 0xFF]], maxBytesNeeded: 100));

        Assert.Equal(65535, problem.FrameLength);
        Assert.Equal(100, problem.MaxFrameLength);
    }

    [Fact]
    public async Task The_end_hook_sees_the_leftover_and_can_fault()
    {
        var problem = await Assert.ThrowsAsync<TruncatedFrameException>(() => ParseAsync([[1, 0, 3, (byte)'a']]));

        Assert.Equal(1, problem.ReceivedLength);
    }

    [Fact]
    public async Task A_state_needing_no_bytes_is_a_programming_error()
    {
        var pump = Pump.FromStateMachine(new NeedsNothing(), 10);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pump.RunAsync(new byte[1], new RecordingSink<int>(static i => i)));
    }

    [Fact]
    public void Records_parse_the_same_through_any_chunking()
    {
        var records = Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b)).Select(static value => (byte[])[7, (byte)(value.Length >> 8), (byte)value.Length, .. value]);
        var wires = Gen.ArrayOf(records).Select(static rs => rs.SelectMany(static r => r).ToArray());

        Prop.ForAll(wires.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (wire, seed) =>
            {
                var whole = ParseAsync([wire]).Result;
                var chunked = ParseAsync(PumpHarness.Rechunk(wire, seed)).Result;
                return whole.Count == chunked.Count && whole.Zip(chunked).All(static p => p.First.Type == p.Second.Type && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));
            })
            .QuickCheckThrowOnFailure();
    }

    private sealed class NeedsNothing : IByteStateMachine<int>
    {
        public int BytesNeeded => 0;

        public void Advance(ReadOnlySpan<byte> bytes, ICollection<int> messages)
        {
        }

        public void Finish(ReadOnlySpan<byte> leftover, ICollection<int> messages)
        {
        }
    }
}
