using Streamcaps.Net;
using Streamcaps.Net.Memory;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Core;

public sealed class BytePipeOneWayConformance : OneWayByteStreamConformance
{
    protected override Task<OneWayEnds> CreateStreamAsync()
    {
        var (writer, reader) = BufferedPipe.CreateBytes(new BufferOptions { Capacity = 16 });
        return Task.FromResult(new OneWayEnds(writer, reader));
    }
}

public sealed class MemoryConnectionOneWayConformance : OneWayByteStreamConformance
{
    protected override Task<OneWayEnds> CreateStreamAsync()
    {
        var (a, b) = MemoryConnection.CreatePair();
        return Task.FromResult(new OneWayEnds(a.Sink, b.Source, async () =>
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }));
    }
}

public sealed class MemoryConnectionTwoWayConformance : TwoWayByteStreamConformance
{
    protected override Task<(IConnection A, IConnection B)> CreatePairAsync()
    {
        var (a, b) = MemoryConnection.CreatePair();
        return Task.FromResult<(IConnection, IConnection)>((a, b));
    }
}
