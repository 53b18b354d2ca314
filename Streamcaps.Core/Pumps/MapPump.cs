namespace Streamcaps.Pumps;

/// <summary>Delivers one transformed item per input item.</summary>
internal sealed class MapPump<TIn, TOut>(Func<TIn, TOut> map) : IPump<TIn, TOut>, ISinkFusingPump<TIn, TOut>
{
    public ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default) =>
        output.RunAsync(map(item), cancellationToken);

    public ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default) => default;

    public ISink<TIn> Into(ISink<TOut> output) => new Sink(map, output);

    private sealed class Sink(Func<TIn, TOut> map, ISink<TOut> output) : ForwardingSink<TIn, TOut>(output)
    {
        protected override ValueTask DeliverAsync(TIn item, CancellationToken cancellationToken) =>
            Output.RunAsync(map(item), cancellationToken);
    }
}
