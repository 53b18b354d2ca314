using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Streams;

/// <summary>
/// The suite run on .NET's own <see cref="NetworkStream"/> and <see cref="SslStream"/>: proof that the rules
/// are the real contract, not this library's reading of it. Where .NET promises less than Streamcaps' views,
/// the switches of <see cref="StreamConformance"/> say so.
/// </summary>
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

    /// <summary>Resets a socket: linger 0, then close, so the peer sees RST instead of FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }
}

public sealed class NetworkStreamBaseline : StreamConformance
{
    protected override bool PendingWriteCancellationResets => false;

    protected override bool ResetReportedOnEveryRead => false;

    protected override async Task<StreamPair> CreatePairAsync()
    {
        var (client, accepted) = await LoopbackSockets.ConnectAsync();
        return new StreamPair
        {
            Tested = new NetworkStream(client, ownsSocket: true),
            Peer = new NetworkStream(accepted, ownsSocket: true),
            EndTestedWritesAsync = () =>
            {
                client.Shutdown(SocketShutdown.Send);
                return Task.CompletedTask;
            },
            EndPeerWritesAsync = () =>
            {
                accepted.Shutdown(SocketShutdown.Send);
                return Task.CompletedTask;
            },
            ResetPeerAsync = () =>
            {
                LoopbackSockets.Reset(accepted);
                return Task.CompletedTask;
            },
        };
    }
}

public sealed class SslStreamBaseline : StreamConformance
{
    protected override bool PendingWriteCancellationResets => false;

    protected override bool UsableAfterCancelledRead => false;

    protected override bool UsableAfterPrecancelledCalls => false;

    protected override bool ResetReportedOnEveryRead => false;

    protected override bool DisposalEndsWritesCleanly => false;

    protected override async Task<StreamPair> CreatePairAsync()
    {
        var (client, accepted) = await LoopbackSockets.ConnectAsync();
        var tested = new SslStream(new NetworkStream(client, ownsSocket: true));
        var peer = new SslStream(new NetworkStream(accepted, ownsSocket: true));
        await Task.WhenAll(
            tested.AuthenticateAsClientAsync(TestCertificates.ClientOptions()),
            peer.AuthenticateAsServerAsync(TestCertificates.ServerOptions()));
        return new StreamPair
        {
            Tested = tested,
            Peer = peer,
            EndTestedWritesAsync = async () =>
            {
                await tested.ShutdownAsync();
                client.Shutdown(SocketShutdown.Send);
            },
            EndPeerWritesAsync = async () =>
            {
                await peer.ShutdownAsync();
                accepted.Shutdown(SocketShutdown.Send);
            },
            ResetPeerAsync = () =>
            {
                LoopbackSockets.Reset(accepted);
                return Task.CompletedTask;
            },
        };
    }
}
