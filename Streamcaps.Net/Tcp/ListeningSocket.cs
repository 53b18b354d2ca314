using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>Makes the listening socket of a <see cref="Server"/> or a <see cref="Listener"/>.</summary>
internal static class ListeningSocket
{
    /// <summary>Binds <paramref name="endPoint"/> and listens. <see cref="IPAddress.IPv6Any"/> accepts IPv4 as
    /// well; a <see cref="UnixDomainSocketEndPoint"/> makes a Unix domain socket.</summary>
    /// <exception cref="SocketException">The address cannot be bound (in use, not available).</exception>
    public static Socket Bind(EndPoint endPoint, int backlog)
    {
        var protocol = endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            if (endPoint is IPEndPoint ip && ip.Address.Equals(IPAddress.IPv6Any))
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
