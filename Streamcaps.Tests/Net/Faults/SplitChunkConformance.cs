using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net.Tls;

namespace Streamcaps.Tests.Net.Faults;

// The byte-stream checks again, through a relay that sends every byte on its own: every read of the peer sees
// whatever pieces happened to arrive (TLS records split anywhere), and nothing may be lost, doubled or stuck.

/// <summary>TCP through the splitting relay, both ways.</summary>
public sealed class TcpSplitIntoSingleBytesTwoWayConformance : TwoWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback, splitThroughRelay: true);

    protected override bool EndpointsArePeers => false;

    protected override Task<(IConnection A, IConnection B)> CreatePairAsync() => _pairs.CreateAsync();

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>TCP through the splitting relay, client to server.</summary>
public sealed class TcpSplitIntoSingleBytesOneWayConformance : OneWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback, splitThroughRelay: true);

    /// <summary>Catching up through 1-byte sends on what a stalled reader let pile up takes longer than the
    /// check allows; backpressure is checked on the direct path (<see cref="TcpClientToServerConformance"/>).</summary>
    protected override bool ChecksBackpressure => false;

    protected override Task<OneWayEnds> CreateStreamAsync() => _pairs.CreateClientToServerAsync();

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>TLS over TCP through the splitting relay, both ways.</summary>
public sealed class TlsSplitIntoSingleBytesTwoWayConformance : TwoWayByteStreamConformance, IAsyncLifetime
{
    private readonly List<TlsLoopbackPair> _pairs = [];

    protected override bool EndpointsArePeers => false;

    protected override async Task<(IConnection A, IConnection B)> CreatePairAsync()
    {
        var pair = await TlsLoopbackPair.ConnectAsync(splitIntoSingleBytes: true);
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

/// <summary>TLS over TCP through the splitting relay, client to server.</summary>
public sealed class TlsSplitIntoSingleBytesOneWayConformance : OneWayByteStreamConformance
{
    /// <summary>As for <see cref="TcpSplitIntoSingleBytesOneWayConformance"/>; checked on the direct path by
    /// <see cref="TlsOverTcpOneWayConformance"/>.</summary>
    protected override bool ChecksBackpressure => false;

    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var pair = await TlsLoopbackPair.ConnectAsync(splitIntoSingleBytes: true);
        return new OneWayEnds(pair.Client.Sink, pair.Server.Source, pair.DisposeAsync);
    }
}
