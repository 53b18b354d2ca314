using Streamcaps.Time;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>
    /// Batches the items of <paramref name="source"/>: a batch goes downstream when it holds
    /// <paramref name="maxCount"/> items, or when <paramref name="window"/> has passed since its first item,
    /// whichever comes first (Akka's <c>groupedWithin</c>). No empty batches are emitted.
    /// </summary>
    /// <param name="source">The source to batch.</param>
    /// <param name="maxCount">The most items in one batch.</param>
    /// <param name="window">How long a batch may wait for more items after its first one.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <remarks>
    /// Each batch is lent (rule 5): its memory is reused once its delivery completed, so a sink that keeps a
    /// batch copies it (<c>batch.ToArray()</c>). The items are kept across deliveries, so items that are lent
    /// memory themselves must be copied before batching. When the source ends, the partial batch goes out
    /// first, then the end (or the failure, unchanged).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> or <paramref name="window"/> is not positive.</exception>
    public static ISource<ReadOnlyMemory<T>> GroupedWithin<T>(this ISource<T> source, int maxCount, TimeSpan window, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return new GroupedWithinSource<T>(source, maxCount, window, timeProvider ?? TimeProvider.System);
    }
}
