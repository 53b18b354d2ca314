using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>Delivers the running accumulation: the state after each input item, and first the seed itself
/// when asked to (before the first item's state, or alone when the input was empty).</summary>
internal sealed class ScanPump<TIn, TState>(TState seed, Func<TState, TIn, TState> step, bool emitSeed) : IPump<TIn, TState>
{
    private TState _state = seed;
    private bool _seedPending = emitSeed;

    public ValueTask RunAsync(TIn item, ISink<TState> output, CancellationToken cancellationToken = default)
    {
        if (_seedPending)
        {
            return EmitSeedThenStepAsync(item, output, cancellationToken);
        }

        _state = step(_state, item);
        return output.RunAsync(_state, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<TState> output, CancellationToken cancellationToken = default)
    {
        if (!_seedPending)
        {
            return default;
        }

        _seedPending = false;
        return output.RunAsync(_state, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EmitSeedThenStepAsync(TIn item, ISink<TState> output, CancellationToken cancellationToken)
    {
        _seedPending = false;
        await output.RunAsync(_state, cancellationToken).ConfigureAwait(false);
        _state = step(_state, item);
        await output.RunAsync(_state, cancellationToken).ConfigureAwait(false);
    }
}
