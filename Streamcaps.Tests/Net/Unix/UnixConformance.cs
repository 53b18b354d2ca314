using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net;

/// <summary>Unix domain socket pairs: a <see cref="Unix"/> client and the connection its server accepted, on a
/// socket file in a folder of the test's own.</summary>
internal static class UnixSockets
{
    /// <summary>A fresh socket path; short, because the kernel limits a socket path to 107 bytes.</summary>
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"sc-{Guid.NewGuid():N}.sock");

    public static TcpPairs NewPairs()
    {
        var path = NewPath();
        return new TcpPairs(handler => Unix.ListenAsync(path, handler), _ => Unix.ConnectAsync(path));
    }
}

public sealed class UnixTwoWayConformance : TwoWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = UnixSockets.NewPairs();

    protected override Task<(IConnection A, IConnection B)> CreatePairAsync() => _pairs.CreateAsync();

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>Client to server: the client's sink writes, the accepted connection's source reads.</summary>
public sealed class UnixClientToServerConformance : OneWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = UnixSockets.NewPairs();

    /// <summary>A Unix domain socket has no reset (see <see cref="Unix"/>).</summary>
    protected override bool AbortReachesTheReader => false;

    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var (client, accepted) = await _pairs.CreateAsync();
        return new OneWayEnds(client.Sink, accepted.Source, async () =>
        {
            await client.DisposeAsync();
            await accepted.DisposeAsync();
        });
    }

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}
