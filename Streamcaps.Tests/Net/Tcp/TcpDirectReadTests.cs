using System.Net.Sockets;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>
/// A TCP connection's stream view reads large buffers straight from the socket (as a TLS session's record reads
/// do) and serves small reads from one shared receive: whichever way a read goes, no byte is lost or reordered,
/// a reset is never an end, and the connection's limits still apply.
/// </summary>
public class TcpDirectReadTests
{
    [Fact]
    public async Task Small_large_and_zero_byte_reads_mixed_get_every_byte_in_order_then_the_end()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        using var _ = peer;
        await using var stream = connection.AsStream();
        var data = ByteStreams.RandomBytes(600_000, seed: 11);
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 7_000)
            {
                await peer.SendAsync(data.AsMemory(offset, Math.Min(7_000, data.Length - offset)));
            }

            peer.Shutdown(SocketShutdown.Send);
        });

        // Sizes on both sides of the direct-read threshold (4 KiB), and waits that take nothing.
        int[] sizes = [3, 5_000, 0, 1, 70_000, 4_095, 4_096, 0, 17, 65_536];
        using var received = new MemoryStream();
        var buffer = new byte[70_000];
        for (var i = 0; ; i++)
        {
            var size = sizes[i % sizes.Length];
            var read = await stream.ReadAsync(buffer.AsMemory(0, size)).AsTask().WaitAsync(Patience);
            if (size == 0)
            {
                Assert.Equal(0, read);
                continue;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        await sending.WaitAsync(Patience);
        Assert.Equal(data, received.ToArray());
        Assert.True(stream.IsReadCompleted, "the peer's FIN was not seen as the clean end");
    }

    [Fact]
    public async Task Large_read_after_the_peer_reset_fails_and_never_returns_the_end()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var stream = connection.AsStream();
        await peer.SendAsync("before the reset"u8.ToArray());
        var buffer = new byte[64 * 1024];
        Assert.Equal(16, await stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));

        peer.LingerState = new LingerOption(enable: true, seconds: 0);
        peer.Dispose();

        await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.False(stream.IsReadCompleted);
    }

    [Fact]
    public async Task Cancelled_large_read_takes_nothing_and_the_next_read_gets_what_arrives()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        using var _ = peer;
        await using var stream = connection.AsStream();
        var buffer = new byte[64 * 1024];
        using var cancel = new CancellationTokenSource();

        var pending = stream.ReadAsync(buffer, cancel.Token).AsTask();
        Assert.False(pending.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));

        await peer.SendAsync("after the cancel"u8.ToArray());
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Patience);
        Assert.Equal("after the cancel"u8.ToArray(), buffer[..read]);
    }

    [Fact]
    public async Task Large_read_from_a_silent_peer_fails_with_the_idle_read_timeout()
    {
        var options = new TcpConnectionOptions { IdleReadTimeout = TimeSpan.FromMilliseconds(200) };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        using var _ = peer;
        await using var stream = connection.AsStream();

        var failure = await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadAsync(new byte[64 * 1024]).AsTask().WaitAsync(Patience));
        Assert.IsType<TimeoutException>(failure.InnerException);
    }
}
