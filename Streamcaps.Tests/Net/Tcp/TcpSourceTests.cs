using Streamcaps.Tests.Support;
using Streamcaps.Tests.Conformance;
using System.Net.Sockets;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

public class TcpSourceTests
{
    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Source_delivers_every_byte_then_completes_when_peer_half_closes(string address)
    {
        var (connection, peer) = await ConnectToRawPeerAsync(address);
        await using var _ = connection;
        using var __ = peer;
        var sent = ByteStreams.RandomBytes(300_000, seed: 1);

        await peer.SendAsync(sent);
        peer.Shutdown(SocketShutdown.Send);

        Assert.Equal(sent, await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Source_delivers_the_same_bytes_whether_it_waits_before_renting_its_buffer_or_not(bool waitFirst)
    {
        var options = new TcpConnectionOptions { WaitForDataBeforeAllocatingBuffer = waitFirst };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        await using var _ = connection;
        using var __ = peer;
        var sent = ByteStreams.RandomBytes(200_000, seed: 8);

        var reading = ByteStreams.ReadToEndAsync(connection.Source);
        for (var offset = 0; offset < sent.Length; offset += 10_000)
        {
            await peer.SendAsync(sent.AsMemory(offset, 10_000));
        }

        peer.Shutdown(SocketShutdown.Send);
        Assert.Equal(sent, await reading.WaitAsync(Patience));
    }

    [Fact]
    public async Task Source_aborts_with_connection_reset_when_peer_resets()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;

        Reset(peer);
        var sink = new RecordingByteSink();
        await connection.Source.RunAsync(sink).AsTask().WaitAsync(Patience);

        var problem = Assert.IsType<SocketException>(await sink.Ended);
        Assert.Equal(SocketError.ConnectionReset, problem.SocketErrorCode);
    }

    [Fact]
    public async Task Source_aborts_with_TimeoutException_when_nothing_arrives_within_the_idle_read_timeout()
    {
        var options = new TcpConnectionOptions { IdleReadTimeout = TimeSpan.FromMilliseconds(200) };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        await using var _ = connection;
        using var __ = peer;

        var sink = new RecordingByteSink();
        await connection.Source.RunAsync(sink).AsTask().WaitAsync(Patience);

        Assert.IsType<TimeoutException>(await sink.Ended);
    }

    [Fact]
    public async Task Idle_read_timeout_does_not_fire_while_data_keeps_arriving()
    {
        var options = new TcpConnectionOptions { IdleReadTimeout = TimeSpan.FromSeconds(5) };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        await using var _ = connection;
        using var __ = peer;

        var sink = new RecordingByteSink();
        for (var i = 0; i < 20; i++)
        {
            await peer.SendAsync(new byte[] { (byte)i });
            await connection.Source.RunAsync(sink).AsTask().WaitAsync(Patience);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), sink.Received);
        Assert.False(sink.Ended.IsCompleted);
    }

    [Fact]
    public async Task Source_keeps_completing_after_the_end()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        peer.Shutdown(SocketShutdown.Send);
        using var __ = peer;

        await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience);
        var later = new RecordingByteSink();
        await connection.Source.RunAsync(later).AsTask().WaitAsync(Patience);

        Assert.Null(await later.Ended);
    }

    [Fact]
    public async Task Source_keeps_aborting_with_the_same_problem_after_a_failure()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        Reset(peer);
        var first = new RecordingByteSink();
        await connection.Source.RunAsync(first).AsTask().WaitAsync(Patience);

        var later = new RecordingByteSink();
        await connection.Source.RunAsync(later).AsTask().WaitAsync(Patience);

        Assert.Same(await first.Ended, await later.Ended);
    }

    [Fact]
    public async Task Source_reads_what_is_queued_in_one_chunk_up_to_the_max_receive_buffer_size()
    {
        var chunks = await ReceiveAllQueuedAsync(new TcpConnectionOptions { ReceiveBufferSize = 1000, MaxReceiveBufferSize = 8000 });

        // The first read knows nothing and uses (the pool's rounding of) the receive buffer; the next ones know
        // that the rest is queued.
        Assert.Contains(chunks, chunk => chunk.Length > 1024);
        Assert.InRange(chunks.Max(chunk => chunk.Length), 1, 8000);
    }

    [Fact]
    public async Task Source_delivers_chunks_no_larger_than_the_receive_buffer_size_when_reads_may_not_grow()
    {
        var chunks = await ReceiveAllQueuedAsync(new TcpConnectionOptions { ReceiveBufferSize = 1000, MaxReceiveBufferSize = 1000 });

        Assert.InRange(chunks.Max(chunk => chunk.Length), 1, 1000);
    }

    /// <summary>Sends 100,000 bytes and a FIN before the source reads anything, checks that every byte arrives in
    /// order and returns the chunks as delivered.</summary>
    private static async Task<IReadOnlyList<byte[]>> ReceiveAllQueuedAsync(TcpConnectionOptions options)
    {
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        await using var _ = connection;
        using var __ = peer;
        var sent = ByteStreams.RandomBytes(100_000, seed: 2);
        await peer.SendAsync(sent);
        peer.Shutdown(SocketShutdown.Send);

        var sink = new ProbeSink<ReadOnlyMemory<byte>> { Copy = chunk => chunk.ToArray() };
        await Flow.RunAsync(connection.Source, sink).WaitAsync(Patience);

        Assert.Equal(sent, sink.Items.SelectMany(chunk => chunk.ToArray()));
        return [.. sink.Items.Select(chunk => chunk.ToArray())];
    }

    [Fact]
    public async Task Cancelled_call_faults_without_calling_the_sink_and_the_source_stays_usable()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        var sink = new RecordingByteSink();
        using var cancellation = new CancellationTokenSource();

        var waiting = connection.Source.RunAsync(sink, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.Empty(sink.Received);
        Assert.False(sink.Ended.IsCompleted);
        await peer.SendAsync("after"u8.ToArray());
        await connection.Source.RunAsync(sink).AsTask().WaitAsync(Patience);
        Assert.Equal("after"u8.ToArray(), sink.Received);
    }

    [Fact]
    public async Task Second_call_while_one_is_in_flight_faults_with_InvalidOperationException()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        var waiting = connection.Source.RunAsync(new RecordingByteSink()).AsTask();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.Source.RunAsync(new RecordingByteSink()));

        peer.Shutdown(SocketShutdown.Send);
        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task Source_waiting_on_a_disposed_connection_aborts_with_operation_aborted()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        using var _ = peer;
        var sink = new RecordingByteSink();
        var waiting = connection.Source.RunAsync(sink).AsTask();

        await connection.DisposeAsync();
        await waiting.WaitAsync(Patience);

        var problem = Assert.IsType<SocketException>(await sink.Ended);
        Assert.Equal(SocketError.OperationAborted, problem.SocketErrorCode);
    }

    [Fact]
    public async Task Lent_chunk_is_valid_until_the_delivery_completes()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        await peer.SendAsync("first"u8.ToArray());
        var slow = new GateSink();

        var delivering = connection.Source.RunAsync(slow).AsTask();
        var lent = await slow.Arrived.WaitAsync(Patience);
        await peer.SendAsync("second"u8.ToArray());
        await Task.Yield();

        Assert.Equal("first"u8.ToArray(), lent.ToArray());
        slow.Release();
        await delivering.WaitAsync(Patience);
    }

    /// <summary>Holds the first delivery open until released, exposing the lent memory meanwhile.</summary>
    private sealed class GateSink : ISink<ReadOnlyMemory<byte>>
    {
        private readonly TaskCompletionSource<ReadOnlyMemory<byte>> _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ReadOnlyMemory<byte>> Arrived => _arrived.Task;

        public void Release() => _release.TrySetResult();

        public async ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
        {
            _arrived.TrySetResult(item);
            await _release.Task;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

        public ValueTask AbortAsync(Exception problem) => default;
    }
}
