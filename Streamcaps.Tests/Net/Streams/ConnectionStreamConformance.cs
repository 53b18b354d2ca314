using System.Net;
using Streamcaps.Interop;
using Streamcaps.Net;
using Streamcaps.Tests.Net.Tls;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Streams;

/// <summary><see cref="ConnectionStreamExtensions.AsStream"/> on both ends of a connection pair.</summary>
public abstract class ConnectionStreamConformance : StreamConformance
{
    /// <summary>Both views, with the connections behind them for the peer's half-close and reset.</summary>
    protected static StreamPair Views(IConnection tested, IConnection peer, Func<ValueTask>? cleanup = null)
    {
        var testedStream = tested.AsStream();
        var peerStream = peer.AsStream();
        return new StreamPair
        {
            Tested = testedStream,
            Peer = peerStream,
            EndTestedWritesAsync = () => testedStream.CompleteWritesAsync().AsTask(),
            EndPeerWritesAsync = () => peerStream.CompleteWritesAsync().AsTask(),
            ResetPeerAsync = () => peer.Sink.AbortAsync(new IOException("The test resets the connection.")).AsTask(),
            Cleanup = cleanup,
        };
    }
}

/// <summary>TCP on loopback: a client and the connection a server accepted.</summary>
public sealed class TcpStreamConformance : ConnectionStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback);

    protected override async Task<StreamPair> CreatePairAsync()
    {
        var (client, accepted) = await _pairs.CreateAsync();
        return Views(client, accepted);
    }

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>TLS over loopback TCP.</summary>
public sealed class TlsOverTcpStreamConformance : ConnectionStreamConformance
{
    protected override async Task<StreamPair> CreatePairAsync()
    {
        var pair = await TlsLoopbackPair.ConnectAsync();
        return Views(pair.Client, pair.Server, pair.DisposeAsync);
    }
}

/// <summary>The in-memory pair with its default buffering.</summary>
public sealed class MemoryStreamConformance : ConnectionStreamConformance
{
    protected override Task<StreamPair> CreatePairAsync()
    {
        var (first, second) = MemoryConnection.CreatePair();
        return Task.FromResult(Views(first, second));
    }
}

/// <summary>TLS over the in-memory pair.</summary>
public sealed class TlsOverMemoryStreamConformance : ConnectionStreamConformance
{
    protected override async Task<StreamPair> CreatePairAsync()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        return Views(client, server);
    }
}
