using Streamcaps.Pumps;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>A pump that delivers the first <paramref name="count"/> items, then ends the flow
    /// (an <see cref="IFinitePump{TIn, TOut}"/>).</summary>
    /// <remarks>Applied to a source, the source completes right after the last of those items was delivered and
    /// never asks its upstream for another, so it ends even an endless source. <c>Take(0)</c> is Monte's null
    /// pump (<c>makePump.null()</c>): the flow ends before the first item.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IPump<T, T> Take<T>(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new TakePump<T>(count);
    }

    /// <summary>A pump that drops the first <paramref name="count"/> items and delivers the rest.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IPump<T, T> Skip<T>(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SkipPump<T>(count);
    }

    /// <summary>A pump that drops items while <paramref name="predicate"/> holds, and from the first item that
    /// fails it delivers every item (that one included).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public static IPump<T, T> SkipWhile<T>(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new SkipWhilePump<T>(predicate);
    }

    /// <summary>A pump that delivers its input in new arrays of <paramref name="size"/> items (LINQ's
    /// <c>Chunk</c>), and what is left as a last, shorter array when the input ends.</summary>
    /// <remarks>Each array is new and the receiver's to keep. For batches that reuse one array and allocate
    /// nothing, see <see cref="Batch{T}(int)"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public static IPump<T, T[]> Chunk<T>(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return new ChunkPump<T>(size);
    }
}
