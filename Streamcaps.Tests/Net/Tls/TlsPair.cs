using System.Net.Security;
using Streamcaps.Net;
using Streamcaps.Net.Memory;
using Streamcaps.Tests.Support;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>Both ends of a TLS handshake run over an in-memory connection pair.</summary>
internal static class TlsPair
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Handshakes a client and a server over a fresh in-memory pair and returns both ends, plus the
    /// client's transport (for tests that go around TLS to cut the stream).</summary>
    public static async Task<(TlsConnection Client, TlsConnection Server, MemoryConnection ClientTransport)> ConnectAsync(
        SslClientAuthenticationOptions? client = null, SslServerAuthenticationOptions? server = null,
        MemoryConnectionOptions? transport = null, TlsConnectionOptions? tls = null)
    {
        var (clientTransport, serverTransport) = MemoryConnection.CreatePair(transport);
        var serverSide = Streamcaps.Net.Tls.AuthenticateAsServerAsync(serverTransport, server ?? TestCertificates.ServerOptions(), tls ?? TlsConnectionOptions.Default);
        var clientSide = Streamcaps.Net.Tls.AuthenticateAsClientAsync(clientTransport, client ?? TestCertificates.ClientOptions(), tls ?? TlsConnectionOptions.Default);
        await Task.WhenAll(serverSide, clientSide).WaitAsync(Bound);
        return ((TlsConnection)await clientSide, (TlsConnection)await serverSide, clientTransport);
    }

    /// <summary>Runs both handshakes and returns what each side ended with, failures included.</summary>
    public static async Task<(Exception? Client, Exception? Server)> FailuresAsync(
        SslClientAuthenticationOptions client, SslServerAuthenticationOptions server)
    {
        var (clientTransport, serverTransport) = MemoryConnection.CreatePair();
        var serverSide = Streamcaps.Net.Tls.AuthenticateAsServerAsync(serverTransport, server);
        var clientSide = Streamcaps.Net.Tls.AuthenticateAsClientAsync(clientTransport, client);
        var clientFailure = await Record.ExceptionAsync(() => clientSide.WaitAsync(Bound));
        var serverFailure = await Record.ExceptionAsync(() => serverSide.WaitAsync(Bound));
        foreach (var side in new[] { clientSide, serverSide })
        {
            if (side.IsCompletedSuccessfully)
            {
                await side.Result.DisposeAsync();
            }
        }

        return (clientFailure, serverFailure);
    }
}
