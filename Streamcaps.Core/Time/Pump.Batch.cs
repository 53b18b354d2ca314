using Streamcaps.Time;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>A pump that delivers its input in batches of <paramref name="size"/> items, and what is left as
    /// a last, shorter batch when the input ends. For a time limit as well, see
    /// <see cref="Source.GroupedWithin{T}(ISource{T}, int, TimeSpan, TimeProvider?)"/>.</summary>
    /// <remarks>Each batch is lent: its memory is reused once its delivery completed. The items are kept across
    /// deliveries, so items that are lent memory themselves must be copied before batching.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public static IPump<T, ReadOnlyMemory<T>> Batch<T>(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return new BatchPump<T>(size);
    }
}
