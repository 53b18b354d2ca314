using Streamcaps.Internal;

namespace Streamcaps.Sources;

/// <summary>Enumerates a sequence lazily: the enumerator is created on the first call and disposed when it
/// is exhausted or throws.</summary>
internal sealed class EnumerableSource<T>(IEnumerable<T> items) : CursorSource<T>
{
    private IEnumerator<T>? _enumerator;

    protected override bool MoveNext(out T item)
    {
        _enumerator ??= items.GetEnumerator();
        if (_enumerator.MoveNext())
        {
            item = _enumerator.Current;
            return true;
        }

        item = default!;
        return false;
    }

    protected override void Release() => _enumerator?.Dispose();
}
