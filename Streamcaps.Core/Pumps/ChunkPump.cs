namespace Streamcaps.Pumps;

/// <summary>Delivers the input in new arrays of a given size (LINQ's <c>Chunk</c>), and what is left as a last,
/// shorter array when the input ends. The arrays are the receiver's to keep.</summary>
internal sealed class ChunkPump<T>(int size) : IPump<T, T[]>
{
    private T[]? _chunk;
    private int _count;

    public ValueTask RunAsync(T item, ISink<T[]> output, CancellationToken cancellationToken = default)
    {
        var chunk = _chunk ??= new T[size];
        chunk[_count++] = item;
        if (_count < size)
        {
            return default;
        }

        _chunk = null;
        _count = 0;
        return output.RunAsync(chunk, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<T[]> output, CancellationToken cancellationToken = default)
    {
        if (_chunk is not { } chunk)
        {
            return default;
        }

        Array.Resize(ref chunk, _count);
        _chunk = null;
        _count = 0;
        return output.RunAsync(chunk, cancellationToken);
    }
}
