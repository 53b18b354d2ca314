namespace Streamcaps.Pumps;

/// <summary>Delivers one transformed item per input item.</summary>
internal sealed class MapPump<TIn, TOut>(Func<TIn, TOut> map) : IPump<TIn, TOut>
{
    public ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default) =>
        output.RunAsync(map(item), cancellationToken);

    public ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default) => default;
}
