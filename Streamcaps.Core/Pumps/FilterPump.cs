namespace Streamcaps.Pumps;

/// <summary>Delivers the input items that match a predicate and drops the rest.</summary>
internal sealed class FilterPump<T>(Func<T, bool> predicate) : IPump<T, T>
{
    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default) =>
        predicate(item) ? output.RunAsync(item, cancellationToken) : default;

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
