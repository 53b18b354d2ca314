using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>Makes the listening socket of a <see cref="Server"/> or a <see cref="Listener"/>.</summary>
internal static class ListeningSocket
{
    /// <summary>Binds <paramref name="endPoint"/> and listens. <see cref="IPAddress.IPv6Any"/> accepts IPv4 as well.</summary>
    /// <exception cref="SocketException">The address cannot be bound (in use, not available).</exception>
    public static Socket Bind(IPEndPoint endPoint, int backlog)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
