using Streamcaps.Net;
using Streamcaps.Net.Memory;
using Streamcaps.Tests.Conformance;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Memory;

/// <summary>One direction of a buffered in-memory pair: the first end's sink into the second end's source.</summary>
public sealed class MemoryConnectionOneWayConformance : OneWayByteStreamConformance
{
    protected override Task<OneWayEnds> CreateStreamAsync() => MemoryEnds.OneWayAsync(new MemoryConnectionOptions());
}

/// <summary>The same over a lockstep pair, where every write waits for the reader.</summary>
public sealed class LockstepMemoryConnectionOneWayConformance : OneWayByteStreamConformance
{
    protected override Task<OneWayEnds> CreateStreamAsync() => MemoryEnds.OneWayAsync(MemoryConnectionOptions.Lockstep);
}

/// <summary>Both directions of a buffered pair. (A lockstep pair cannot pass the two-way check: it writes
/// before anyone reads.)</summary>
public sealed class MemoryConnectionTwoWayConformance : TwoWayByteStreamConformance
{
    protected override Task<(IConnection A, IConnection B)> CreatePairAsync()
    {
        var (first, second) = MemoryConnection.CreatePair();
        return Task.FromResult<(IConnection, IConnection)>((first, second));
    }
}

internal static class MemoryEnds
{
    public static Task<OneWayEnds> OneWayAsync(MemoryConnectionOptions options)
    {
        var (first, second) = MemoryConnection.CreatePair(options);
        return Task.FromResult(new OneWayEnds(first.Sink, second.Source, async () =>
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }));
    }
}
