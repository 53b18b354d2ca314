using Streamcaps.Time;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>A pump that passes at most <paramref name="items"/> items per <paramref name="per"/> on average,
    /// allowing a burst of <paramref name="items"/> after a quiet spell; a faster input waits (backpressure), nothing is dropped.</summary>
    /// <param name="items">How many items per period.</param>
    /// <param name="per">The period.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="items"/> or <paramref name="per"/> is not positive.</exception>
    public static IPump<T, T> Throttle<T>(int items, TimeSpan per, TimeProvider? timeProvider = null) =>
        Throttle<T>(items, per, static _ => 1, items, timeProvider);

    /// <summary>A pump that passes at most <paramref name="bytes"/> bytes per <paramref name="per"/> on average
    /// (each chunk costs its length), allowing a burst of <paramref name="bytes"/>.</summary>
    /// <remarks>Each chunk is passed on within its own delivery, so lent memory keeps its lifetime.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> or <paramref name="per"/> is not positive.</exception>
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> ThrottleBytes(long bytes, TimeSpan per, TimeProvider? timeProvider = null) =>
        Throttle<ReadOnlyMemory<byte>>(bytes, per, static chunk => chunk.Length, bytes, timeProvider);

    /// <summary>A pump that passes items at an average of <paramref name="cost"/> units per <paramref name="per"/>,
    /// where <paramref name="costOf"/> says what each item costs (a token bucket of <paramref name="maximumBurst"/> units).</summary>
    /// <param name="cost">The units allowed per period.</param>
    /// <param name="per">The period.</param>
    /// <param name="costOf">The cost of one item; must not be negative (a negative cost faults that delivery with
    /// <see cref="ArgumentOutOfRangeException"/>).</param>
    /// <param name="maximumBurst">The most units that can pass at once after a quiet spell. An item that costs
    /// more passes when the bucket is full and is paid for by waiting before the next items.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <remarks>Waiting is the backpressure: the input's delivery completes only after the item was passed on, so
    /// nothing is buffered or dropped. The pump keeps a bucket: use one per flow.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="costOf"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cost"/>, <paramref name="per"/> or
    /// <paramref name="maximumBurst"/> is not positive.</exception>
    public static IPump<T, T> Throttle<T>(long cost, TimeSpan per, Func<T, long> costOf, long maximumBurst, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cost);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(per, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(costOf);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumBurst);
        return new ThrottlePump<T>(cost, per, costOf, maximumBurst, timeProvider ?? TimeProvider.System);
    }
}
