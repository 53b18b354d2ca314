using FsCheck;
using FsCheck.Fluent;
using Streamcaps.Interop;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

/// <summary>The read side shared by <see cref="DuplexStream"/> and <see cref="SourceReader"/>.</summary>
public class DuplexStreamReaderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static byte[] Bytes(int from, int count) => Enumerable.Range(from, count).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chunk_larger_than_the_buffer_is_read_in_pieces_without_losing_bytes(bool asynchronousSource)
    {
        var source = new LendingByteSource([Bytes(0, 10), Bytes(10, 4)], yieldFirst: asynchronousSource);
        using var reader = new SourceReader(source);
        var buffer = new byte[3];
        var received = new List<byte>();
        int read;
        while ((read = await reader.ReadAsync(buffer).AsTask().WaitAsync(Bound)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        Assert.Equal(Bytes(0, 14), received);
    }

    [Fact]
    public async Task Larger_chunk_stays_lent_until_its_last_byte_is_read()
    {
        var source = new LendingByteSource([Bytes(0, 10), Bytes(10, 1)]);
        using var reader = new SourceReader(source);
        var buffer = new byte[4];

        await reader.ReadAsync(buffer);
        await reader.ReadAsync(buffer);
        Assert.False(source.ChunkReturned, "the chunk was given back while the reader still served from it");
        Assert.Equal(2, await reader.ReadAsync(buffer));
        Assert.True(source.ChunkReturned, "the chunk was kept after its last byte was read");

        Assert.Equal(1, await reader.ReadAsync(buffer));
        Assert.Equal(10, buffer[0]);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task Read_returns_zero_on_every_call_after_the_source_completed()
    {
        using var reader = new SourceReader(new LendingByteSource([Bytes(0, 2)]));
        var buffer = new byte[8];

        Assert.Equal(2, await reader.ReadAsync(buffer));
        Assert.Equal(0, await reader.ReadAsync(buffer));
        Assert.Equal(0, await reader.ReadAsync(buffer));
        Assert.True(reader.IsCompleted);
    }

    [Fact]
    public async Task Read_faults_with_the_source_problem_on_every_call_after_the_source_aborted()
    {
        var problem = new IOException("wire cut");
        using var reader = new SourceReader(new LendingByteSource([Bytes(0, 2)], problem, yieldFirst: true));
        var buffer = new byte[8];

        Assert.Equal(2, await reader.ReadAsync(buffer));
        Assert.Same(problem, await Assert.ThrowsAsync<IOException>(() => reader.ReadAsync(buffer).AsTask()));
        Assert.Same(problem, await Assert.ThrowsAsync<IOException>(() => reader.ReadAsync(buffer).AsTask()));
        Assert.False(reader.IsCompleted);
    }

    [Fact]
    public async Task Empty_chunks_are_skipped_rather_than_read_as_the_end()
    {
        using var reader = new SourceReader(new LendingByteSource([[], [], Bytes(7, 1)]));
        var buffer = new byte[8];

        Assert.Equal(1, await reader.ReadAsync(buffer));
        Assert.Equal(7, buffer[0]);
    }

    [Fact]
    public async Task Zero_byte_read_waits_for_data_without_consuming_it()
    {
        using var reader = new SourceReader(new LendingByteSource([Bytes(5, 3)], yieldFirst: true));

        Assert.Equal(0, await reader.ReadAsync(Memory<byte>.Empty).AsTask().WaitAsync(Bound));
        Assert.False(reader.IsCompleted);
        Assert.Equal(Bytes(5, 3), await reader.ReadExactlyAsync(3));
    }

    [Fact]
    public async Task ReadExactly_fails_with_EndOfStreamException_saying_how_many_bytes_arrived()
    {
        using var reader = new SourceReader(new LendingByteSource([Bytes(0, 3)]));

        var problem = await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadExactlyAsync(5).AsTask());

        Assert.Contains("3 of the 5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadExactly_gathers_bytes_across_chunks()
    {
        using var reader = new SourceReader(new LendingByteSource([Bytes(0, 2), Bytes(2, 3), Bytes(5, 4)], yieldFirst: true));

        Assert.Equal(Bytes(0, 7), await reader.ReadExactlyAsync(7));
        Assert.Equal(Bytes(7, 2), await reader.ReadExactlyAsync(2));
    }

    [Fact]
    public async Task Overlapping_read_is_rejected()
    {
        var (first, _) = Streamcaps.Net.Memory.MemoryConnection.CreatePair();
        using var reader = new SourceReader(first.Source);
        var pending = reader.ReadAsync(new byte[4]).AsTask();

        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync(new byte[4]).AsTask());
        Assert.False(pending.IsCompleted);
        await first.DisposeAsync();
        await Assert.ThrowsAsync<IOException>(() => pending.WaitAsync(Bound));
    }

    [Fact]
    public async Task Cancelled_read_leaves_the_reader_usable()
    {
        var (first, second) = Streamcaps.Net.Memory.MemoryConnection.CreatePair();
        using var reader = new SourceReader(first.Source);
        using var cancel = new CancellationTokenSource();
        var pending = reader.ReadAsync(new byte[4], cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Bound));
        await second.Sink.RunAsync(Bytes(1, 2));

        Assert.Equal(Bytes(1, 2), await reader.ReadExactlyAsync(2).AsTask().WaitAsync(Bound));
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_gives_a_held_chunk_back_to_the_source()
    {
        var source = new LendingByteSource([Bytes(0, 10)]);
        var reader = new SourceReader(source);
        await reader.ReadAsync(new byte[2]);
        Assert.False(source.ChunkReturned);

        reader.Dispose();

        Assert.True(source.ChunkReturned);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reader.ReadAsync(new byte[2]).AsTask());
    }

    [Fact]
    public void Any_chunking_and_any_buffer_size_read_the_same_bytes()
    {
        var chunking = Gen.ListOf(Gen.Choose(0, 40).Select(n => Bytes(n, n))).Select(l => l.ToArray());
        Prop.ForAll(chunking.ToArbitrary(), Gen.Choose(1, 17).ToArbitrary(), ArbMap.Default.ArbFor<bool>(),
            (chunks, bufferSize, asynchronous) =>
            {
                using var reader = new SourceReader(new LendingByteSource(chunks, yieldFirst: asynchronous));
                var received = new List<byte>();
                var buffer = new byte[bufferSize];
                int read;
                while ((read = reader.ReadAsync(buffer).AsTask().WaitAsync(Bound).GetAwaiter().GetResult()) > 0)
                {
                    received.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                return received.SequenceEqual(chunks.SelectMany(c => c));
            }).QuickCheckThrowOnFailure();
    }
}
