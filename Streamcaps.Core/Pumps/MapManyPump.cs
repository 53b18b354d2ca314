using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>Delivers, for each input item, every element of the sequence a selector makes of it (LINQ's
/// <c>SelectMany</c>), each combined with its input item by a result selector.</summary>
/// <remarks>Arrays and lists are read by index; any other sequence is enumerated, and its enumerator disposed
/// when it ends, throws, or a delivery fails.</remarks>
internal sealed class MapManyPump<TIn, TElement, TOut>(Func<TIn, IEnumerable<TElement>> select, Func<TIn, TElement, TOut> result)
    : IPump<TIn, TOut>
{
    public ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default)
    {
        var elements = select(item);
        return elements switch
        {
            TElement[] { Length: 0 } => default,
            TElement[] { Length: 1 } single => output.RunAsync(result(item, single[0]), cancellationToken),
            IList<TElement> list => DeliverListAsync(item, list, output, cancellationToken),
            _ => DeliverSequenceAsync(item, elements, output, cancellationToken),
        };
    }

    public ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default) => default;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverListAsync(TIn item, IList<TElement> elements, ISink<TOut> output, CancellationToken cancellationToken)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            await output.RunAsync(result(item, elements[i]), cancellationToken).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverSequenceAsync(TIn item, IEnumerable<TElement> elements, ISink<TOut> output, CancellationToken cancellationToken)
    {
        foreach (var element in elements)
        {
            await output.RunAsync(result(item, element), cancellationToken).ConfigureAwait(false);
        }
    }
}
