using System.Text;
using Streamcaps.Framing;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Framing;

/// <summary>A source of lines (chunks through a <see cref="LineDecoder"/>) keeps every source rule, with
/// lines that cross chunks and lines that are slices of one.</summary>
public sealed class LineDecodedSourceConformance : SourceConformance<ReadOnlyMemory<byte>>
{
    private static readonly string[] Chunks = ["one\ntw", "o\r\nthree\n", "", "fo", "ur"];

    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } =
        ["one"u8.ToArray(), "two"u8.ToArray(), "three"u8.ToArray(), "four"u8.ToArray()];

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override ISource<ReadOnlyMemory<byte>> CreateSource() =>
        Source.From(Chunks.Select(static chunk => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(chunk))).Through(new LineDecoder(16));
}

/// <summary>A sink that length-prefixes frames on their way (<see cref="LengthPrefixEncoder"/> into a sink)
/// keeps every sink rule.</summary>
public sealed class LengthPrefixEncodingSinkConformance : SinkConformance<ReadOnlyMemory<byte>>
{
    protected override ISink<ReadOnlyMemory<byte>> CreateSink() =>
        new LengthPrefixEncoder(new LengthPrefixOptions(64)).Into(Sink.Null<ReadOnlyMemory<byte>>());

    protected override ReadOnlyMemory<byte> CreateItem(int index) => Encoding.UTF8.GetBytes($"frame {index}");
}
