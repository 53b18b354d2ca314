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

    protected override bool DeliverSome(SynchronousSink<T> sink, int count, CancellationToken cancellationToken)
    {
        var array = items;
        var end = (int)Math.Min((long)_next + count, array.Length);
        while (_next < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.Deliver(array[_next++]);
        }

        if (_next < array.Length)
        {
            return true;
        }

        MarkExhausted();
        return false;
    }
}
