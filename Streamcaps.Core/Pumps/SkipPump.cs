namespace Streamcaps.Pumps;

/// <summary>Drops the first items up to a count and delivers the rest.</summary>
internal sealed class SkipPump<T>(int count) : IPump<T, T>
{
    private int _toSkip = count;

    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        if (_toSkip > 0)
        {
            _toSkip--;
            return default;
        }

        return output.RunAsync(item, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
