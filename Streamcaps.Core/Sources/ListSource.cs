using Streamcaps.Internal;

namespace Streamcaps.Sources;

/// <summary>Hands out the elements of a list by index, without an enumerator.</summary>
internal sealed class ListSource<T>(IList<T> items) : CursorSource<T>
{
    private int _next;

    protected override bool MoveNext(out T item)
    {
        if (_next < items.Count)
        {
            item = items[_next++];
            return true;
        }

        item = default!;
        return false;
    }

    protected override bool DeliverSome(SynchronousSink<T> sink, int count, CancellationToken cancellationToken)
    {
        var list = items;
        for (var delivered = 0; delivered < count; delivered++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            T item;
            try
            {
                if (_next >= list.Count)
                {
                    MarkExhausted();
                    return false;
                }

                item = list[_next];
            }
            catch (Exception problem)
            {
                // The list's own failure (a custom list that throws) is the source's, not the sink's.
                Fail(problem);
                throw;
            }

            _next++;
            sink.Deliver(item);
        }

        return true;
    }
}
