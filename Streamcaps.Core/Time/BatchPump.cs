namespace Streamcaps.Time;

/// <summary>Batches items by count (see <see cref="Pump.Batch{T}(int)"/>); the batch array is reused.</summary>
internal sealed class BatchPump<T>(int size) : IPump<T, ReadOnlyMemory<T>>
{
    private readonly T[] _batch = new T[size];
    private int _count;

    public ValueTask RunAsync(T item, ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken = default)
    {
        _batch[_count++] = item;
        return _count == _batch.Length ? FlushAsync(output, cancellationToken) : default;
    }

    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken = default) =>
        _count > 0 ? FlushAsync(output, cancellationToken) : default;

    private async ValueTask FlushAsync(ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken)
    {
        var count = _count;
        _count = 0;
        try
        {
            await output.RunAsync(_batch.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(_batch, 0, count);
        }
    }
}
