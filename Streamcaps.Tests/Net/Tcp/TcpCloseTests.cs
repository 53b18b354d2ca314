using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>How a TCP connection closes: after a clean end of its sink, a FIN with every byte delivered, even
/// when input it never read is waiting; after an abort, a reset.</summary>
public class TcpCloseTests
{
    private const int OneMiB = 1024 * 1024;

    [Fact]
    public async Task Dispose_after_a_clean_end_with_unread_input_closes_with_a_FIN_and_delivers_every_byte()
    {
        for (var run = 0; run < 5; run++)
        {
            var (connection, peer) = await ConnectToRawPeerAsync();
            using var _ = peer;
            var sent = ByteStreams.RandomBytes(OneMiB, seed: run);
            // Input the connection never reads: closing over it is what makes the operating system reset.
            await peer.SendAsync("never read"u8.ToArray());

            await WriteInChunksAsync(connection.Sink, sent, chunkSize: 64 * 1024);
            await connection.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            var disposing = connection.DisposeAsync().AsTask();
            var received = await ReceiveToEndAsync(peer);
            peer.Shutdown(SocketShutdown.Send);
            await disposing.WaitAsync(Patience);

            Assert.Equal(sent, received);
        }
    }

    [Fact]
    public async Task Dispose_waits_for_the_peer_no_longer_than_the_linger_timeout()
    {
        var options = new TcpConnectionOptions { LingerTimeout = TimeSpan.FromMilliseconds(200) };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        using var _ = peer;
        await peer.SendAsync("never read"u8.ToArray());
        await connection.Sink.CompleteAsync().AsTask().WaitAsync(Patience);

        // The peer never closes: disposing reads its input away until the linger timeout, then closes anyway.
        await connection.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.Empty(await ReceiveToEndAsync(peer));
    }

    [Fact]
    public async Task Dispose_after_an_abort_still_resets()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        using var _ = peer;
        await connection.Sink.RunAsync("partial"u8.ToArray()).AsTask().WaitAsync(Patience);
        await connection.Sink.AbortAsync(new InvalidDataException("gave up")).AsTask().WaitAsync(Patience);
        await connection.DisposeAsync();

        var reset = await Assert.ThrowsAsync<SocketException>(() => ReceiveToEndAsync(peer));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public void Linger_timeout_rejects_negative_and_infinite_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { LingerTimeout = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { LingerTimeout = Timeout.InfiniteTimeSpan });
        Assert.Equal(TimeSpan.Zero, new TcpConnectionOptions { LingerTimeout = TimeSpan.Zero }.LingerTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), TcpConnectionOptions.Default.LingerTimeout);
    }
}
