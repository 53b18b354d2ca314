namespace Streamcaps.Pumps;

/// <summary>Two pumps as one where either can end the flow: finished when either is (the other's leftovers are
/// still flushed at the end).</summary>
internal sealed class FiniteFusedPump<TIn, TMiddle, TOut>(IPump<TIn, TMiddle> first, IPump<TMiddle, TOut> second)
    : FusedPump<TIn, TMiddle, TOut>(first, second), IFinitePump<TIn, TOut>
{
    public bool IsFinished =>
        First is IFinitePump<TIn, TMiddle> { IsFinished: true } || Second is IFinitePump<TMiddle, TOut> { IsFinished: true };
}
