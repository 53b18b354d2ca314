namespace Streamcaps.Pumps;

/// <summary>Delivers the running accumulation: the state after each input item.</summary>
internal sealed class ScanPump<TIn, TState>(TState seed, Func<TState, TIn, TState> step) : IPump<TIn, TState>
{
    private TState _state = seed;

    public ValueTask RunAsync(TIn item, ISink<TState> output, CancellationToken cancellationToken = default)
    {
        _state = step(_state, item);
        return output.RunAsync(_state, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<TState> output, CancellationToken cancellationToken = default) => default;
}
