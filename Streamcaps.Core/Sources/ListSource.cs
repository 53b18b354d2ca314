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
}
