using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>Delivers one transformed item per input item, where the transformation is asynchronous; the next
/// item is taken only after the transformation and the delivery of its result completed.</summary>
internal sealed class AsyncMapPump<TIn, TOut>(Func<TIn, CancellationToken, ValueTask<TOut>> map) : IPump<TIn, TOut>
{
    public ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default)
    {
        var mapped = map(item, cancellationToken);
        return mapped.IsCompletedSuccessfully
            ? output.RunAsync(mapped.Result, cancellationToken)
            : DeliverWhenMappedAsync(mapped, output, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default) => default;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DeliverWhenMappedAsync(ValueTask<TOut> mapped, ISink<TOut> output, CancellationToken cancellationToken) =>
        await output.RunAsync(await mapped.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
