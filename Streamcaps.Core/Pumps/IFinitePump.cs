namespace Streamcaps;

/// <summary>
/// A pump that can end the flow by itself, as <see cref="Pump.Take{T}(int)"/> and
/// <see cref="Pump.TakeWhile{T}(Func{T, bool})"/> do (Monte's pumps say it in band with <c>endOfStream</c>).
/// Implement it on your own pump to stop a flow from inside it.
/// </summary>
/// <typeparam name="TIn">The type of the items the pump takes.</typeparam>
/// <typeparam name="TOut">The type of the items it delivers.</typeparam>
/// <remarks>
/// <para>Once <see cref="IsFinished"/> is <see langword="true"/> it must stay so, and the pump takes no more
/// input: its <see cref="IPump{TIn, TOut}.RunAsync"/> is not called again by the library. It is read after each
/// input item (and before the first).</para>
/// <para>Applied to a source (<c>source.Through(pump)</c>), a finished pump ends that source: the pump is flushed
/// (<see cref="IPump{TIn, TOut}.CompleteAsync"/> delivers what it still holds), the source completes, and the
/// upstream is never pulled again, so it ends even an endless source. Applied to a sink
/// (<c>pump.Into(sink)</c>), the pump is flushed and the sink completed as soon as the pump finished; input
/// delivered after that is taken and dropped. Fused with another pump (<c>first.Then(second)</c>), the
/// result is finished as soon as either part is, and still flushes the other part's leftovers.</para>
/// </remarks>
public interface IFinitePump<in TIn, out TOut> : IPump<TIn, TOut>
{
    /// <summary>Whether the pump will take nothing more: the flow through it ends.</summary>
    bool IsFinished { get; }
}
