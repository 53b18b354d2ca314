using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Compression;

public sealed class GzipRoundTripSourceConformance : SourceConformance<ReadOnlyMemory<byte>>
{
    // Small input: the decoder delivers it as one chunk, once the encoder's final block arrived.
    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } = [new byte[] { 1, 2, 3, 4, 5, 6 }];

    protected override ISource<ReadOnlyMemory<byte>> CreateSource() =>
        Source.From<ReadOnlyMemory<byte>>([new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6 }])
            .Through(Pump.GzipCompress())
            .Through(Pump.GzipDecompress());

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;
}
