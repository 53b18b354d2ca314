using Streamcaps.Sources;

namespace Streamcaps;

/// <summary>Creates sources. Each call returns a new source: a cursor for one flow.</summary>
public static partial class Source
{
    /// <summary>A source that hands out the items of <paramref name="items"/> in order, then completes.</summary>
    /// <param name="items">The items. Arrays and lists are read by index; any other sequence is enumerated
    /// lazily, on the first call, and its enumerator is disposed when it is exhausted or throws.</param>
    /// <returns>A source for one flow. An enumerator that throws is the source's failure: the sink is aborted
    /// with that exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static ISource<T> From<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items switch
        {
            T[] array => new ArraySource<T>(array),
            IList<T> list => new ListSource<T>(list),
            _ => new EnumerableSource<T>(items),
        };
    }

    /// <summary>A source that completes its sink on every call.</summary>
    public static ISource<T> Empty<T>() => new ArraySource<T>([]);

    /// <summary>A source that aborts its sink with <paramref name="problem"/> on every call.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public static ISource<T> Failed<T>(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new FailedSource<T>(problem);
    }
}
