using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>The client side of <see cref="Tcp"/>: resolves a host and tries its addresses in turn within
/// the connect timeout.</summary>
internal static class TcpConnector
{
    public static async Task<IConnection> ConnectAsync(string host, int port, TcpConnectionOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        try
        {
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, deadline.Token).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                TcpErrors.ThrowNoAddresses(host);
            }

            SocketException? lastFailure = null;
            foreach (var resolved in addresses)
            {
                // An IPv4 address written as IPv6 (::ffff:a.b.c.d) is reached over IPv4: .NET's IPv6 sockets are
                // IPv6-only, and would find no route to it.
                var address = resolved.IsIPv4MappedToIPv6 ? resolved.MapToIPv4() : resolved;
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
                    return new TcpConnection(socket, options, opened: true);
                }
                catch (SocketException failure)
                {
                    socket.Dispose();
                    lastFailure = failure;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw lastFailure!;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TcpErrors.ConnectTimeout($"{host}:{port}", options.ConnectTimeout);
        }
    }
}
