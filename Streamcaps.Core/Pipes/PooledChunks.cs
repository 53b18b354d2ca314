using System.Buffers;

namespace Streamcaps.Pipes;

/// <summary>Copies each lent chunk into an array rented from <see cref="ArrayPool{T}.Shared"/>, returned once
/// the reader's delivery of it completed (or it was dropped).</summary>
internal readonly struct PooledChunks : IItemStore<ReadOnlyMemory<byte>, ArraySegment<byte>>
{
    public static ArraySegment<byte> Keep(ReadOnlyMemory<byte> item)
    {
        if (item.IsEmpty)
        {
            return ArraySegment<byte>.Empty;
        }

        var array = ArrayPool<byte>.Shared.Rent(item.Length);
        item.Span.CopyTo(array);
        return new ArraySegment<byte>(array, 0, item.Length);
    }

    public static ReadOnlyMemory<byte> Lend(ArraySegment<byte> stored) => stored;

    public static void Release(ArraySegment<byte> stored)
    {
        if (stored.Array is { Length: > 0 } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
