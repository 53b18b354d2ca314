using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>Turns what <see cref="Socket"/> throws into the failures DESIGN.md promises, and throws TCP's own
/// errors from small non-inlined methods so the hot paths stay inlinable.</summary>
internal static class TcpErrors
{
    /// <summary>The failure a receive reports. A socket closed under the call (this end disposed or aborted
    /// the connection) is <see cref="SocketError.OperationAborted"/>, whichever way .NET reported it.</summary>
    public static Exception FromReceive(Exception failure) => failure switch
    {
        ObjectDisposedException => new SocketException((int)SocketError.OperationAborted),
        _ => failure,
    };

    /// <summary>The failure a send or the sink's half-close reports. Writing to a connection the peer already
    /// reset reports <c>EPIPE</c>, which .NET calls <see cref="SocketError.Shutdown"/>, and half-closing it
    /// reports <c>ENOTCONN</c> (<see cref="SocketError.NotConnected"/>); the sink never sends after its own
    /// shutdown, so both always mean the peer reset the connection.</summary>
    public static Exception FromSend(Exception failure) => failure switch
    {
        SocketException { SocketErrorCode: SocketError.Shutdown or SocketError.NotConnected } => PeerReset(),
        _ => FromReceive(failure),
    };

    /// <summary>Whether a failure (as <see cref="FromSend"/> or a receive reports it) is the peer's reset.</summary>
    public static bool IsPeerReset(Exception failure) =>
        failure is SocketException { SocketErrorCode: SocketError.ConnectionReset };

    /// <summary>The failure either direction reports for a connection the peer reset.</summary>
    public static SocketException PeerReset() => new((int)SocketError.ConnectionReset);

    public static TimeoutException WriteTimeout(TimeSpan timeout) =>
        new($"The peer took no data within the write timeout of {timeout.TotalMilliseconds:0.###} ms; the connection was reset.");

    public static TimeoutException IdleReadTimeout(TimeSpan timeout) =>
        new($"No data arrived within the idle read timeout of {timeout.TotalMilliseconds:0.###} ms.");

    public static TimeoutException ConnectTimeout(string target, TimeSpan timeout) =>
        new($"Connecting to {target} did not complete within the connect timeout of {timeout.TotalMilliseconds:0.###} ms.");

    [DoesNotReturn]
    public static void ThrowNoAddresses(string host) =>
        throw new SocketException((int)SocketError.HostNotFound, $"The host '{host}' has no address.");
}
