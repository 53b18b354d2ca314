using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>TLS over the in-memory pair, client to server.</summary>
public sealed class TlsOverMemoryOneWayConformance : OneWayByteStreamConformance
{
    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        return new OneWayEnds(client.Sink, server.Source, async () =>
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
        });
    }
}

/// <summary>TLS over the in-memory pair, both ways, with half-close by close_notify.</summary>
public sealed class TlsOverMemoryTwoWayConformance : TwoWayByteStreamConformance
{
    protected override async Task<(IConnection A, IConnection B)> CreatePairAsync()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        return (client, server);
    }
}

/// <summary>TLS over loopback TCP (<see cref="Streamcaps.Net.Tls.ConnectAsync(string, int, System.Net.Security.SslClientAuthenticationOptions, CancellationToken)"/>
/// to <see cref="Streamcaps.Net.Tls.ListenAsync(IPEndPoint, System.Net.Security.SslServerAuthenticationOptions, Func{IConnection, Task}, CancellationToken)"/>), client to server.</summary>
public sealed class TlsOverTcpOneWayConformance : OneWayByteStreamConformance
{
    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var pair = await TlsLoopbackPair.ConnectAsync();
        return new OneWayEnds(pair.Client.Sink, pair.Server.Source, pair.DisposeAsync);
    }
}

/// <summary>TLS over loopback TCP, both ways.</summary>
public sealed class TlsOverTcpTwoWayConformance : TwoWayByteStreamConformance, IAsyncLifetime
{
    private readonly List<TlsLoopbackPair> _pairs = [];

    protected override async Task<(IConnection A, IConnection B)> CreatePairAsync()
    {
        var pair = await TlsLoopbackPair.ConnectAsync();
        _pairs.Add(pair);
        return (pair.Client, pair.Server);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pair in _pairs)
        {
            await pair.DisposeAsync();
        }
    }
}
