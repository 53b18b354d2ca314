using Streamcaps.Internal;

namespace Streamcaps.Sources;

/// <summary>Hands out the elements of an array by index.</summary>
internal sealed class ArraySource<T>(T[] items) : CursorSource<T>
{
    private int _next;

    protected override bool MoveNext(out T item)
    {
        var array = items;
        if ((uint)_next < (uint)array.Length)
        {
            item = array[_next++];
            return true;
        }

        item = default!;
        return false;
    }

    protected override void DeliverRemaining(SynchronousSink<T> sink, CancellationToken cancellationToken)
    {
        var array = items;
        while ((uint)_next < (uint)array.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.Deliver(array[_next++]);
        }

        MarkExhausted();
    }
}
