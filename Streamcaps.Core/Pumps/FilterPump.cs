using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>Delivers the input items that match a predicate and drops the rest.</summary>
internal sealed class FilterPump<T>(Func<T, bool> predicate) : IPump<T, T>, ISinkFusingPump<T, T>
{
    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default) =>
        predicate(item) ? output.RunAsync(item, cancellationToken) : default;

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;

    public ISink<T> Into(ISink<T> output) => output is SynchronousSink<T> synchronous
        ? new SynchronousFilterSink(predicate, synchronous)
        : new Sink(predicate, output);

    private sealed class Sink(Func<T, bool> predicate, ISink<T> output) : ForwardingSink<T, T>(output)
    {
        protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken) =>
            predicate(item) ? Output.RunAsync(item, cancellationToken) : default;
    }

    private sealed class SynchronousFilterSink(Func<T, bool> predicate, SynchronousSink<T> output)
        : SynchronousForwardingSink<T, T>(output)
    {
        internal override void Deliver(T item)
        {
            if (predicate(item))
            {
                Output.Deliver(item);
            }
        }
    }
}
