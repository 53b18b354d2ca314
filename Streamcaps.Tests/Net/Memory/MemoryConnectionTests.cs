using Streamcaps.Net.Memory;
using Streamcaps.Tests.Conformance;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Memory;

public class MemoryConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Lockstep_delivery_completes_only_when_the_peer_has_read_it()
    {
        var (first, second) = MemoryConnection.CreatePair(MemoryConnectionOptions.Lockstep);
        await using var _ = first;
        await using var __ = second;

        var write = first.Sink.RunAsync("abc"u8.ToArray()).AsTask();
        var early = await Record.ExceptionAsync(() => write.WaitAsync(TimeSpan.FromMilliseconds(200)));
        Assert.IsType<TimeoutException>(early);

        Assert.Equal("abc"u8.ToArray(), await ByteStreams.ReadExactlyAsync(second.Source, 3).WaitAsync(Bound));
        await write.WaitAsync(Bound);
    }

    [Fact]
    public async Task Buffered_delivery_completes_before_the_peer_reads()
    {
        var (first, second) = MemoryConnection.CreatePair(new MemoryConnectionOptions { BufferSize = 16 });
        await using var _ = first;
        await using var __ = second;

        await first.Sink.RunAsync(new byte[8]).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public async Task Abort_on_one_end_fails_the_peer_source_with_IOException()
    {
        var (first, second) = MemoryConnection.CreatePair();
        await using var _ = first;
        await using var __ = second;
        var reading = ByteStreams.ReadToEndAsync(second.Source);

        await first.Sink.AbortAsync(new InvalidDataException("local reason"));

        var problem = await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(Bound));
        Assert.Contains("reset by the peer", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_on_one_end_fails_the_peer_sink()
    {
        var (first, second) = MemoryConnection.CreatePair(new MemoryConnectionOptions { BufferSize = 4 });
        await using var _ = first;
        await using var __ = second;

        await first.Sink.AbortAsync(new InvalidDataException("local reason"));

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await second.Sink.RunAsync(new byte[8]).AsTask().WaitAsync(Bound);
            }
        });
    }

    [Fact]
    public async Task Half_closed_end_still_reads()
    {
        var (first, second) = MemoryConnection.CreatePair();
        await using var _ = first;
        await using var __ = second;

        await first.Sink.CompleteAsync();
        await second.Sink.RunAsync("still here"u8.ToArray());
        await second.Sink.CompleteAsync();

        Assert.Equal("still here"u8.ToArray(), await ByteStreams.ReadToEndAsync(first.Source).WaitAsync(Bound));
        Assert.Empty(await ByteStreams.ReadToEndAsync(second.Source).WaitAsync(Bound));
    }

    [Fact]
    public void Negative_buffer_size_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryConnectionOptions { BufferSize = -1 });
    }

    [Fact]
    public void Ends_of_a_pair_name_each_other()
    {
        var (first, second) = MemoryConnection.CreatePair();

        Assert.Equal(first.LocalEndPoint, second.RemoteEndPoint);
        Assert.Equal(second.LocalEndPoint, first.RemoteEndPoint);
        Assert.NotEqual(first.LocalEndPoint, first.RemoteEndPoint);
    }
}
