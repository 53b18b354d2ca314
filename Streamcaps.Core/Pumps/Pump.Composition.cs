using Streamcaps.Pumps;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>Applies <paramref name="pump"/> to a source: the result hands out the pump's outputs.</summary>
    /// <remarks>
    /// <para>The new source keeps every source rule however many items the pump makes of one input: each call
    /// on it makes exactly one call on its sink, and an output that is a slice of a lent input stays valid
    /// until the delivery of that output completes (the upstream's delivery completes only after all its
    /// outputs were taken). When the upstream ends, the pump is flushed (<see cref="IPump{TIn, TOut}.CompleteAsync"/>)
    /// before the new source completes.</para>
    /// <para><see cref="Flow.RunAsync{T}(ISource{T}, ISink{T}, CancellationToken)"/> runs it as the upstream's
    /// flow into <c>pump.Into(sink)</c>, with nothing handed over between calls.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="pump"/> is null.</exception>
    public static ISource<TOut> Through<TIn, TOut>(this ISource<TIn> source, IPump<TIn, TOut> pump)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(pump);

        // A pump that can end the flow makes its source pull (a push would drain the upstream after it finished).
        // Pulled, every pumped source in a row would hand each item over once more, so the pumps before it are
        // fused with it into one pump over the first upstream: one hand-over per item, whatever the chain.
        if (pump is IFinitePump<TIn, TOut> && source is IPumpedSource<TIn> pumped && pumped.TryFuse(pump) is { } fused)
        {
            return fused;
        }

        return new ThroughSource<TIn, TOut>(source, pump);
    }

    /// <summary>Applies <paramref name="pump"/> to a sink: the result takes inputs and delivers the pump's
    /// outputs to <paramref name="sink"/>.</summary>
    /// <remarks>Completing the result flushes the pump into <paramref name="sink"/>, then completes it; a flush
    /// that fails (a malformed leftover) aborts <paramref name="sink"/> with that failure. Aborting the result
    /// aborts <paramref name="sink"/> with the same problem.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="pump"/> or <paramref name="sink"/> is null.</exception>
    public static ISink<TIn> Into<TIn, TOut>(this IPump<TIn, TOut> pump, ISink<TOut> sink)
    {
        ArgumentNullException.ThrowIfNull(pump);
        ArgumentNullException.ThrowIfNull(sink);
        return pump is ISinkFusingPump<TIn, TOut> fusing ? fusing.Into(sink) : new PumpSink<TIn, TOut>(pump, sink);
    }

    /// <summary>Fuses two pumps into one: every output of <paramref name="first"/> goes through
    /// <paramref name="second"/>; the flush flushes <paramref name="first"/> (through <paramref name="second"/>),
    /// then <paramref name="second"/>.</summary>
    /// <remarks>When either pump can end the flow (<see cref="IFinitePump{TIn, TOut}"/>), so can the result: it is
    /// finished as soon as either part is.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="first"/> or <paramref name="second"/> is null.</exception>
    public static IPump<TIn, TOut> Then<TIn, TMiddle, TOut>(this IPump<TIn, TMiddle> first, IPump<TMiddle, TOut> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return first is IFinitePump<TIn, TMiddle> || second is IFinitePump<TMiddle, TOut>
            ? new FiniteFusedPump<TIn, TMiddle, TOut>(first, second)
            : new FusedPump<TIn, TMiddle, TOut>(first, second);
    }
}
