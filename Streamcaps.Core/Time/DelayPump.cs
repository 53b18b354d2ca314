namespace Streamcaps.Time;

/// <summary>Passes each item on after a fixed delay (see <see cref="Pump.Delay{T}(TimeSpan, TimeProvider?)"/>).</summary>
internal sealed class DelayPump<T>(TimeSpan delay, TimeProvider time) : IPump<T, T>
{
    public async ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        await output.RunAsync(item, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
