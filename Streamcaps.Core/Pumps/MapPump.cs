using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>Delivers one transformed item per input item.</summary>
internal sealed class MapPump<TIn, TOut>(Func<TIn, TOut> map) : IPump<TIn, TOut>, ISinkFusingPump<TIn, TOut>
{
    public ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default) =>
        output.RunAsync(map(item), cancellationToken);

    public ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default) => default;

    /// <remarks>A map in front of another map's sink folds into it, as LINQ folds <c>Select(f).Select(g)</c>
    /// into one selector: one sink (and one lifecycle check) per item instead of two. In front of a sink that is
    /// never pending it is one too, so a flow from ready items runs the whole chain as one loop.</remarks>
    public ISink<TIn> Into(ISink<TOut> output) => output switch
    {
        IMapSink<TOut> mapSink => mapSink.Prepend(map),
        SynchronousSink<TOut> synchronous => new SynchronousMapSink(map, synchronous),
        _ => new Sink(map, output),
    };

    private sealed class Sink(Func<TIn, TOut> map, ISink<TOut> output) : ForwardingSink<TIn, TOut>(output), IMapSink<TIn>
    {
        protected override ValueTask DeliverAsync(TIn item, CancellationToken cancellationToken) =>
            Output.RunAsync(map(item), cancellationToken);

        public ISink<TPrevious> Prepend<TPrevious>(Func<TPrevious, TIn> first) =>
            new MapPump<TPrevious, TOut>.Sink(item => map(first(item)), Output);
    }

    /// <summary>The map in front of a sink that is never pending: a plain call into it, its lifecycle being
    /// this sink's (its ends are forwarded to it).</summary>
    private sealed class SynchronousMapSink(Func<TIn, TOut> map, SynchronousSink<TOut> output)
        : SynchronousForwardingSink<TIn, TOut>(output), IMapSink<TIn>
    {
        internal override void Deliver(TIn item) => Output.Deliver(map(item));

        public ISink<TPrevious> Prepend<TPrevious>(Func<TPrevious, TIn> first) =>
            new MapPump<TPrevious, TOut>.SynchronousMapSink(item => map(first(item)), Output);
    }
}
