using Streamcaps.Tests.Conformance;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;

namespace Streamcaps.Tests.Net;

/// <summary>Real loopback sockets for the TCP tests: an echo server, a hand-driven raw peer, and bounded
/// waits that fail with a message instead of hanging.</summary>
internal static class TcpLoopback
{
    /// <summary>How long any single step may take before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Both loopback addresses, for theories that run on IPv4 and IPv6.</summary>
    public static TheoryData<string> Addresses => new() { "127.0.0.1", "::1" };

    public static Task<Server> StartEchoServerAsync(IPAddress address, TcpServerOptions? options = null) =>
        Tcp.ListenAsync(new IPEndPoint(address, 0), options ?? TcpServerOptions.Default, c => Flow.RunAsync(c.Source, c.Sink));

    /// <summary>Connects a <see cref="Tcp"/> client to a plain <see cref="Socket"/> the test drives by hand.</summary>
    public static async Task<(IConnection Connection, Socket Peer)> ConnectToRawPeerAsync(
        string address = "127.0.0.1", TcpConnectionOptions? options = null)
    {
        var ip = IPAddress.Parse(address);
        using var listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(ip, 0));
        listener.Listen(1);
        var accepting = listener.AcceptAsync();
        var connection = await Tcp.ConnectAsync(listener.LocalEndPoint!, options).WaitAsync(Patience);
        var peer = await accepting.WaitAsync(Patience);
        return (connection, peer);
    }

    /// <summary>Reads from a raw socket until the peer half-closes.</summary>
    public static async Task<byte[]> ReceiveToEndAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int count;
        while ((count = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Patience)) > 0)
        {
            received.Write(buffer, 0, count);
        }

        return received.ToArray();
    }

    /// <summary>The server ended the first connection (its handler or setup failed) and still echoes on a
    /// second one: the failure cost that connection only.</summary>
    public static async Task AssertFirstConnectionEndedAndSecondServedAsync(Server server)
    {
        await AssertNextConnectionIsResetAsync(server);

        await using var second = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await second.Sink.RunAsync("still serving"u8.ToArray());
        await second.Sink.CompleteAsync();
        Assert.Equal("still serving"u8.ToArray(), await ByteStreams.ReadToEndAsync(second.Source).WaitAsync(Patience));
    }

    /// <summary>Connects to <paramref name="server"/>, whose handler or setup fails, and asserts the client sees
    /// a reset: on its first read, or already on connect when the reset overtakes the handshake's completion.</summary>
    public static async Task AssertNextConnectionIsResetAsync(Server server)
    {
        var reset = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            await using var connection = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
            await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience);
        });

        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    /// <summary>Resets a raw socket: linger 0, then close, so the other end sees RST instead of FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }

    /// <summary>Delivers <paramref name="bytes"/> to <paramref name="sink"/> in chunks of <paramref name="chunkSize"/>.</summary>
    public static async Task WriteInChunksAsync(ISink<ReadOnlyMemory<byte>> sink, ReadOnlyMemory<byte> bytes, int chunkSize)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            await sink.RunAsync(bytes.Slice(offset, Math.Min(chunkSize, bytes.Length - offset))).AsTask().WaitAsync(Patience);
        }
    }
}
