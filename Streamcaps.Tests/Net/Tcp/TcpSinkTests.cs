using Streamcaps.Tests.Conformance;
using System.Net.Sockets;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

public class TcpSinkTests
{
    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Sink_sends_every_byte_of_each_chunk(string address)
    {
        var (connection, peer) = await ConnectToRawPeerAsync(address);
        await using var _ = connection;
        using var __ = peer;
        var sent = ByteStreams.RandomBytes(4 * 1024 * 1024, seed: 3);

        var receiving = ReceiveToEndAsync(peer);
        await WriteInChunksAsync(connection.Sink, sent, chunkSize: 1024 * 1024);
        await connection.Sink.CompleteAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(sent, await receiving);
    }

    [Fact]
    public async Task Complete_half_closes_and_reading_goes_on()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;

        await connection.Sink.RunAsync("request"u8.ToArray()).AsTask().WaitAsync(Patience);
        await connection.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
        Assert.Equal("request"u8.ToArray(), await ReceiveToEndAsync(peer));

        await peer.SendAsync("reply after the FIN"u8.ToArray());
        peer.Shutdown(SocketShutdown.Send);
        Assert.Equal("reply after the FIN"u8.ToArray(), await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience));
    }

    [Fact]
    public async Task Abort_resets_the_connection()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;

        await connection.Sink.AbortAsync(new InvalidDataException("bad input")).AsTask().WaitAsync(Patience);

        var reset = await Assert.ThrowsAsync<SocketException>(() => ReceiveToEndAsync(peer));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Writing_after_complete_faults_with_InvalidOperationException()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        await connection.Sink.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.Sink.RunAsync(new byte[] { 1 }).AsTask());
    }

    [Fact]
    public async Task Writing_after_abort_faults_with_InvalidOperationException()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        await connection.Sink.AbortAsync(new InvalidDataException("bad input"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.Sink.RunAsync(new byte[] { 1 }).AsTask());
    }

    [Fact]
    public async Task Second_complete_or_abort_is_harmless()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;

        await connection.Sink.CompleteAsync();
        await connection.Sink.CompleteAsync();
        await connection.Sink.AbortAsync(new InvalidDataException("late"));

        Assert.Empty(await ReceiveToEndAsync(peer));
    }

    [Fact]
    public async Task Sink_faults_with_connection_reset_when_the_peer_vanishes_mid_write()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        var chunk = new byte[256 * 1024];

        // The peer reads nothing, so the writes fill both socket buffers and one of them is pending when it goes.
        var writing = Task.Run(async () =>
        {
            while (true)
            {
                await connection.Sink.RunAsync(chunk);
            }
        });
        await Task.Yield();
        Reset(peer);

        var failure = await Assert.ThrowsAsync<SocketException>(() => writing.WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, failure.SocketErrorCode);
    }

    [Fact]
    public async Task Cancelled_delivery_faults_and_ends_the_sink()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        using var cancellation = new CancellationTokenSource();
        var chunk = new byte[64 * 1024 * 1024];

        // Far more than the socket buffers hold while the peer reads nothing: the delivery must wait.
        var delivering = connection.Sink.RunAsync(chunk, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivering.WaitAsync(Patience));
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.Sink.RunAsync(new byte[] { 1 }).AsTask());
    }

    [Fact]
    public async Task Empty_chunk_is_accepted_and_sends_nothing()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;

        await connection.Sink.RunAsync(ReadOnlyMemory<byte>.Empty);
        await connection.Sink.CompleteAsync();

        Assert.Empty(await ReceiveToEndAsync(peer));
    }
}
