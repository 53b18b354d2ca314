namespace Streamcaps;

public static partial class Source
{
    /// <summary>Hands out the items of <paramref name="source"/> in new arrays of <paramref name="size"/> (LINQ's
    /// <c>Chunk</c>), the last one shorter if the items run out: <c>source.Through(Pump.Chunk(size))</c>.</summary>
    /// <remarks>Each array is new and the receiver's to keep. <see cref="Batch{TSource}(ISource{TSource}, int)"/>
    /// reuses one array and allocates nothing.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public static ISource<TSource[]> Chunk<TSource>(this ISource<TSource> source, int size) =>
        source.Through(Pump.Chunk<TSource>(size));

    /// <summary>Hands out the items of <paramref name="source"/> in batches of <paramref name="size"/>, the last one
    /// shorter: <c>source.Through(Pump.Batch(size))</c>. Each batch is lent (its memory is reused once its
    /// delivery completed), so nothing is allocated per batch.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public static ISource<ReadOnlyMemory<TSource>> Batch<TSource>(this ISource<TSource> source, int size) =>
        source.Through(Pump.Batch<TSource>(size));
}
