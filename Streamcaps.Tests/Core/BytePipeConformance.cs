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
