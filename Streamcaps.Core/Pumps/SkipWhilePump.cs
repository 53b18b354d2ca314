namespace Streamcaps.Pumps;

/// <summary>Drops items while a predicate holds; from the first item that fails it, delivers every item.</summary>
internal sealed class SkipWhilePump<T>(Func<T, bool> predicate) : IPump<T, T>
{
    private bool _skipping = true;

    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        if (_skipping && predicate(item))
        {
            return default;
        }

        _skipping = false;
        return output.RunAsync(item, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
