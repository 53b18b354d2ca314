namespace Streamcaps;

/// <summary>
/// A transformer: for each input item it delivers zero or more output items, and at the end of the input
/// it delivers what it still holds. Framing, codecs and parsers are pumps. Apply one to a source with
/// <c>source.Through(pump)</c> or to a sink with
/// <c>pump.Into(sink)</c>.
/// </summary>
/// <typeparam name="TIn">The input item type.</typeparam>
/// <typeparam name="TOut">The output item type.</typeparam>
/// <remarks>
/// Pumps never complete or abort <c>output</c> themselves: whoever applies the pump ends the output.
/// A pump that keeps state is meant for one flow; create a new one per flow.
/// </remarks>
public interface IPump<in TIn, out TOut>
{
    /// <summary>Transforms one input item, delivering zero or more items to <paramref name="output"/>,
    /// awaiting each delivery before the next.</summary>
    /// <param name="item">The input item. Borrowed memory is valid until the returned task completes, so
    /// the pump may hand slices of it on without copying; anything it keeps for later it copies.</param>
    /// <param name="output">Where the transformed items go.</param>
    /// <param name="cancellationToken">Cancels this one call.</param>
    /// <returns>A task that completes when every output item was delivered; it faults when the input is
    /// malformed or a delivery faulted.</returns>
    ValueTask RunAsync(TIn item, ISink<TOut> output, CancellationToken cancellationToken = default);

    /// <summary>Told that the input ended: delivers what the pump still holds (a trailing line, a final
    /// batch) to <paramref name="output"/>.</summary>
    /// <param name="output">Where the remaining items go.</param>
    /// <param name="cancellationToken">Cancels this one call.</param>
    /// <returns>A task that completes when the leftovers were delivered, and faults when the leftover is
    /// malformed (a truncated frame, an incomplete character).</returns>
    ValueTask CompleteAsync(ISink<TOut> output, CancellationToken cancellationToken = default);
}
