using Streamcaps.Time;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>A pump that passes each item on <paramref name="delay"/> after it arrived.</summary>
    /// <remarks>The input's delivery stays open during the delay (that is its backpressure, and lent memory
    /// stays valid). Items are delayed one after the other, so the pump also spaces them at least
    /// <paramref name="delay"/> apart; use <see cref="Throttle{T}(int, TimeSpan, TimeProvider?)"/> for a rate.
    /// A cancelled delay faults with <see cref="OperationCanceledException"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static IPump<T, T> Delay<T>(TimeSpan delay, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new DelayPump<T>(delay, timeProvider ?? TimeProvider.System);
    }
}
