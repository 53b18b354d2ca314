namespace Streamcaps.Tests.Support;

/// <summary>Compares byte chunks by content, for checks on sources of lent memory.</summary>
public sealed class ByteChunkComparer : IEqualityComparer<ReadOnlyMemory<byte>>
{
    public static ByteChunkComparer Instance { get; } = new();

    public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

    public int GetHashCode(ReadOnlyMemory<byte> obj) => obj.Length;
}
