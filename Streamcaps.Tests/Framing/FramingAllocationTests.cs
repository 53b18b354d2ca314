using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

/// <summary>Steady-state decoding allocates nothing per frame, inside chunks and across them.</summary>
public class FramingAllocationTests
{
    private sealed class CountingSink : ISink<ReadOnlyMemory<byte>>
    {
        public long Count { get; private set; }

        public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
        {
            Count++;
            return default;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

        public ValueTask AbortAsync(Exception problem) => default;
    }

    private static void RunSynchronously(ValueTask step)
    {
        if (!step.IsCompletedSuccessfully)
        {
            step.AsTask().GetAwaiter().GetResult();
            Assert.Fail("The decoder went asynchronous although its sink completes synchronously.");
        }
    }

    private static long AllocatedWhileDecoding(FrameDecoder decoder, byte[][] chunks, CountingSink sink)
    {
        // The first pass rents the pooled buffer; the measured pass must reuse it.
        foreach (var chunk in chunks)
        {
            RunSynchronously(decoder.RunAsync(chunk, sink));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 100; round++)
        {
            foreach (var chunk in chunks)
            {
                RunSynchronously(decoder.RunAsync(chunk, sink));
            }
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Decoding_lines_inside_chunks_allocates_nothing()
    {
        var chunk = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a line of text\r\n", 100)));
        var sink = new CountingSink();

        Assert.Equal(0, AllocatedWhileDecoding(new LineDecoder(1024), [chunk], sink));
        Assert.Equal(101 * 100, sink.Count);
    }

    [Fact]
    public void Decoding_lines_across_chunks_allocates_nothing()
    {
        byte[][] chunks = ["first half of a li"u8.ToArray(), "ne\nsecond li"u8.ToArray(), "ne\n"u8.ToArray()];

        Assert.Equal(0, AllocatedWhileDecoding(new LineDecoder(1024), chunks, new CountingSink()));
    }

    [Fact]
    public void Decoding_length_prefixed_frames_across_chunks_allocates_nothing()
    {
        byte[][] chunks = [[0, 0], [0, 3, 1, 2], [3, 0, 0, 0, 1, 9]];

        Assert.Equal(0, AllocatedWhileDecoding(new LengthPrefixDecoder(new LengthPrefixOptions(16)), chunks, new CountingSink()));
    }
}
