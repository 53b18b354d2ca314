using System.Net;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>The seeds' other ways to use a TCP connection: as a <see cref="Stream"/> (cl-async) and with exact
/// reads (Mnet's really_read).</summary>
public class TcpStreamTests
{
    [Fact]
    public async Task Connection_as_a_stream_talks_line_by_line_through_StreamReader_and_StreamWriter()
    {
        await using var server = await StartEchoServerAsync(IPAddress.Loopback);
        var connection = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await using var stream = connection.AsStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };

        await writer.WriteLineAsync("first line");
        Assert.Equal("first line", await reader.ReadLineAsync().WaitAsync(Patience));
        await writer.WriteLineAsync("second line");
        await stream.CompleteWritesAsync();

        Assert.Equal("second line", await reader.ReadLineAsync().WaitAsync(Patience));
        Assert.Null(await reader.ReadLineAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task Disposing_the_stream_half_closes_and_releases_the_connection()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        using var _ = peer;

        await using (var stream = connection.AsStream())
        {
            await stream.WriteAsync("bye"u8.ToArray());
        }

        Assert.Equal("bye"u8.ToArray(), await ReceiveToEndAsync(peer));
    }

    [Fact]
    public async Task Read_exactly_gathers_a_frame_split_over_many_segments()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        using var reader = connection.CreateReader();
        var frame = ByteStreams.RandomBytes(100_000, seed: 7);

        var reading = reader.ReadExactlyAsync(frame.Length).AsTask();
        for (var offset = 0; offset < frame.Length; offset += 1000)
        {
            await peer.SendAsync(frame.AsMemory(offset, 1000));
        }

        Assert.Equal(frame, await reading.WaitAsync(Patience));
    }

    [Fact]
    public async Task Read_exactly_fails_with_EndOfStreamException_when_the_peer_ends_early()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        using var reader = connection.CreateReader();

        await peer.SendAsync("short"u8.ToArray());
        peer.Shutdown(SocketShutdown.Send);

        var early = await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadExactlyAsync(10).AsTask().WaitAsync(Patience));
        Assert.Contains("5", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_exactly_fails_with_connection_reset_when_the_peer_resets()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var reader = connection.CreateReader();

        Reset(peer);

        var reset = await Assert.ThrowsAsync<SocketException>(() => reader.ReadExactlyAsync(10).AsTask().WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }
}
