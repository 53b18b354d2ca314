using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>Delivers the input items that match an asynchronous predicate and drops the rest; the next item is
/// taken only after the predicate and the delivery completed.</summary>
internal sealed class AsyncFilterPump<T>(Func<T, CancellationToken, ValueTask<bool>> predicate) : IPump<T, T>
{
    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        var matches = predicate(item, cancellationToken);
        if (!matches.IsCompletedSuccessfully)
        {
            return DeliverWhenDecidedAsync(matches, item, output, cancellationToken);
        }

        return matches.Result ? output.RunAsync(item, cancellationToken) : default;
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DeliverWhenDecidedAsync(ValueTask<bool> matches, T item, ISink<T> output, CancellationToken cancellationToken)
    {
        if (await matches.ConfigureAwait(false))
        {
            await output.RunAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }
}
