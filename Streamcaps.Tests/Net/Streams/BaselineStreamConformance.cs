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
public sealed class NetworkStreamBaseline : StreamConformance
{
    protected override bool PendingWriteCancellationResets => false;

    protected override bool ResetReportedOnEveryRead => false;

    protected override Type? OverlappingReadException => null;

    protected override bool DisposalAlwaysFailsPendingRead => false;

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
                TcpLoopback.Reset(accepted);
                return Task.CompletedTask;
            },
        };
    }
}

/// <summary>The suite on <see cref="SslStream"/> over <see cref="NetworkStream"/>, both ends in this process.</summary>
public sealed class SslStreamBaseline : StreamConformance
{
    protected override bool PendingWriteCancellationResets => false;

    protected override bool UsableAfterCancelledRead => false;

    protected override bool UsableAfterPrecancelledCalls => false;

    protected override bool ResetReportedOnEveryRead => false;

    protected override bool DisposalEndsWritesCleanly => false;

    protected override Type? OverlappingReadException => typeof(NotSupportedException);

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
                TcpLoopback.Reset(accepted);
                return Task.CompletedTask;
            },
        };
    }
}
