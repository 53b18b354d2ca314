using System.Net;
using System.Net.Security;
using Streamcaps.Net;
using Streamcaps.Tests.Net.Faults;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>A TLS server on a loopback port and one client connected to it: the client's connection and the
/// connection the server's handler got. Disposing ends the handler and stops the server.</summary>
internal sealed class TlsLoopbackPair : IAsyncDisposable
{
    private readonly TaskCompletionSource _handlerMayEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TlsLoopbackPair()
    {
    }

    public required Server Listener { get; init; }

    /// <summary>The relay between client and server, when the pair was made through one.</summary>
    public FaultRelay? Relay { get; private init; }

    public TlsConnection Client { get; private set; } = null!;

    public TlsConnection Server { get; private set; } = null!;

    public static async Task<TlsLoopbackPair> ConnectAsync(
        SslClientAuthenticationOptions? client = null, SslServerAuthenticationOptions? server = null, string address = "127.0.0.1",
        bool throughRelay = false, bool splitIntoSingleBytes = false, TcpConnectionOptions? clientTcp = null)
    {
        var accepted = new TaskCompletionSource<IConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        TlsLoopbackPair? pair = null;
        var listener = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Parse(address), 0), server ?? TestCertificates.ServerOptions(),
            async connection =>
            {
                accepted.TrySetResult(connection);
                await pair!._handlerMayEnd.Task;
            });
        var relay = throughRelay || splitIntoSingleBytes ? FaultRelay.Start((IPEndPoint)listener.LocalEndPoint, splitIntoSingleBytes) : null;
        pair = new TlsLoopbackPair { Listener = listener, Relay = relay };
        var port = ((IPEndPoint)(relay?.LocalEndPoint ?? listener.LocalEndPoint)).Port;
        pair.Client = (TlsConnection)await Streamcaps.Net.Tls.ConnectAsync(address, port, client ?? TestCertificates.ClientOptions(),
            TlsConnectionOptions.Default, clientTcp ?? TcpConnectionOptions.Default).WaitAsync(TlsPair.Bound);
        pair.Server = (TlsConnection)await accepted.Task.WaitAsync(TlsPair.Bound);
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        _handlerMayEnd.TrySetResult();
        await Client.DisposeAsync();
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        await Listener.DisposeAsync();
    }
}
