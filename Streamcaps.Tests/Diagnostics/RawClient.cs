using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Tests.Diagnostics;

/// <summary>A bare client, for peers a server resets at once. The reset can overtake the connect itself (the
/// connect's completion then reports it), and <c>Tcp.ConnectAsync</c> also configures its socket after
/// connecting, which fails on a reset socket; either way the server has seen the connection, which is what
/// the tests that use this check.</summary>
internal static class RawClient
{
    /// <summary>Connects; returns the socket, or null when the server reset the connection before the connect
    /// completed here.</summary>
    public static async Task<Socket?> ConnectAsync(EndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server).WaitAsync(TimeSpan.FromSeconds(20));
            return socket;
        }
        catch (SocketException reset) when (reset.SocketErrorCode == SocketError.ConnectionReset)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
