using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>Two pumps as one (<c>first.Then(second)</c>): every item of the first goes through the second;
/// the flush flushes the first (through the second), then the second.</summary>
/// <remarks>Two pumps of which neither can finish early make this class; when one can,
/// <see cref="FiniteFusedPump{TIn, TMiddle, TOut}"/> says when the pair is finished, so only such pairs lose the
/// push mode a source reserves for pumps that never end the flow themselves.</remarks>
internal class FusedPump<TIn, TMiddle, TOut>(IPump<TIn, TMiddle> first, IPump<TMiddle, TOut> second)
    : IPump<TIn, TOut>
{
    // A pump serves one flow, so its output is almost always the same sink: the stage in between is made
    // once for it rather than once per item.
    private Stage? _stage;

    protected IPump<TIn, TMiddle> First => first;

    protected IPump<TMiddle, TOut> Second => second;

    public ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default) =>
        first.RunAsync(item, StageFor(output), cancellationToken);

    public async ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default)
    {
        await first.CompleteAsync(StageFor(output), cancellationToken).ConfigureAwait(false);
        await second.CompleteAsync(output, cancellationToken).ConfigureAwait(false);
    }

    private Stage StageFor(ISink<TOut> output)
    {
        var stage = _stage;
        if (stage is null || !ReferenceEquals(stage.Output, output))
        {
            _stage = stage = new Stage(second, output);
        }

        return stage;
    }

    /// <summary>The first pump's output: the second pump's input.</summary>
    /// <remarks>Not a library sink with a lifecycle gate: only the first pump calls it, one delivery at a time
    /// (the second pump's own output keeps the rules), and a gate's asynchronous wrapper per stage would be one
    /// more pooled task in flight per item for every pump in the chain, more than the pool keeps.</remarks>
    private sealed class Stage(IPump<TMiddle, TOut> second, ISink<TOut> output) : ISink<TMiddle>
    {
        public ISink<TOut> Output => output;

        public ValueTask RunAsync(TMiddle item, CancellationToken cancellationToken = default) =>
            second.RunAsync(item, output, cancellationToken);

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            ThrowHelper.ThrowPumpEndedOutput();
            return default;
        }

        public ValueTask AbortAsync(Exception problem)
        {
            ThrowHelper.ThrowPumpEndedOutput();
            return default;
        }
    }
}
