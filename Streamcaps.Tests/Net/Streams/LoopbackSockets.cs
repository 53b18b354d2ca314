using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Tests.Net.Streams;

/// <summary>Plain connected sockets on loopback, for the baselines that run the suite on .NET's own streams.</summary>
public static class LoopbackSockets
{
    /// <summary>A connected client socket and the socket its listener accepted.</summary>
    public static async Task<(Socket Client, Socket Accepted)> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await accepting;
        return (client, accepted);
    }
}
