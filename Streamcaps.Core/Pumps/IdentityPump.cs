namespace Streamcaps.Pumps;

/// <summary>Delivers every item as it came (Monte's <c>makePump.id()</c>). Applied to a sink, it is that sink.</summary>
internal sealed class IdentityPump<T> : IPump<T, T>, ISinkFusingPump<T, T>
{
    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default) =>
        output.RunAsync(item, cancellationToken);

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;

    public ISink<T> Into(ISink<T> output) => output;
}
