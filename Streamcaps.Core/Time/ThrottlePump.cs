using System.Runtime.CompilerServices;

namespace Streamcaps.Time;

/// <summary>
/// Lets items through at a rate, by a token bucket: the bucket holds up to <c>burst</c> units and refills at
/// <c>cost / per</c>; an item takes its cost from it, waiting for the refill when there is not enough (see
/// <see cref="Pump.Throttle{T}(long, TimeSpan, Func{T, long}, long, TimeProvider?)"/>).
/// </summary>
internal sealed class ThrottlePump<T>(long cost, TimeSpan per, Func<T, long> costOf, long burst, TimeProvider time) : IPump<T, T>
{
    private readonly double _unitsPerTick = (double)cost / per.Ticks;
    private double _units = burst;
    private long _refilledAt = time.GetTimestamp();

    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        var itemCost = costOf(item);
        if (itemCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(item), itemCost, "The throttle's cost function returned a negative cost.");
        }

        Refill();
        // An item dearer than the whole bucket passes once the bucket is full, and the debt is paid by the next items.
        var needed = Math.Min(itemCost, burst);
        if (_units >= needed)
        {
            _units -= itemCost;
            return output.RunAsync(item, cancellationToken);
        }

        return WaitThenDeliverAsync(item, itemCost, needed, output, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitThenDeliverAsync(T item, long itemCost, long needed, ISink<T> output, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromTicks((long)Math.Ceiling((needed - _units) / _unitsPerTick));
        await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        Refill();
        _units -= itemCost;
        await output.RunAsync(item, cancellationToken).ConfigureAwait(false);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _units = Math.Min(burst, _units + time.GetElapsedTime(_refilledAt, now).Ticks * _unitsPerTick);
        _refilledAt = now;
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
