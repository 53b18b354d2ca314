namespace Streamcaps;

public static partial class Source
{
    /// <summary>Projects each item of <paramref name="source"/> (LINQ's <c>Select</c>; C# query syntax's
    /// <c>select</c>): <c>source.Through(Pump.Map(selector))</c>, the same object.</summary>
    /// <remarks>Maps in a row fold into one stage when the flow runs, as LINQ folds <c>Select(f).Select(g)</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="selector"/> is null.</exception>
    public static ISource<TResult> Select<TSource, TResult>(this ISource<TSource> source, Func<TSource, TResult> selector) =>
        source.Through(Pump.Map(selector));

    /// <summary>Projects each item with an asynchronous <paramref name="selector"/>:
    /// <c>source.Through(Pump.Map(selector))</c>. The next item is taken only after the selector's task and the
    /// delivery of its result completed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="selector"/> is null.</exception>
    public static ISource<TResult> Select<TSource, TResult>(this ISource<TSource> source, Func<TSource, CancellationToken, ValueTask<TResult>> selector) =>
        source.Through(Pump.Map(selector));

    /// <summary>Keeps the items of <paramref name="source"/> that match <paramref name="predicate"/> (LINQ's
    /// <c>Where</c>; C# query syntax's <c>where</c>): <c>source.Through(Pump.Filter(predicate))</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="predicate"/> is null.</exception>
    public static ISource<TSource> Where<TSource>(this ISource<TSource> source, Func<TSource, bool> predicate) =>
        source.Through(Pump.Filter(predicate));

    /// <summary>Keeps the items that match an asynchronous <paramref name="predicate"/>:
    /// <c>source.Through(Pump.Filter(predicate))</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="predicate"/> is null.</exception>
    public static ISource<TSource> Where<TSource>(this ISource<TSource> source, Func<TSource, CancellationToken, ValueTask<bool>> predicate) =>
        source.Through(Pump.Filter(predicate));

    /// <summary>Hands out every element of the sequence <paramref name="selector"/> makes of each item (LINQ's
    /// <c>SelectMany</c>): <c>source.Through(Pump.MapMany(selector))</c>.</summary>
    /// <remarks>One pull on the result hands out one element, however many an item makes.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="selector"/> is null.</exception>
    public static ISource<TResult> SelectMany<TSource, TResult>(this ISource<TSource> source, Func<TSource, IEnumerable<TResult>> selector) =>
        source.Through(Pump.MapMany(selector));

    /// <summary>Hands out <paramref name="resultSelector"/>(item, element) for every element of the sequence
    /// <paramref name="collectionSelector"/> makes of each item: what C# query syntax makes of a second
    /// <c>from</c>. <c>source.Through(Pump.MapMany(collectionSelector, resultSelector))</c>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ISource<TResult> SelectMany<TSource, TCollection, TResult>(
        this ISource<TSource> source,
        Func<TSource, IEnumerable<TCollection>> collectionSelector,
        Func<TSource, TCollection, TResult> resultSelector) =>
        source.Through(Pump.MapMany(collectionSelector, resultSelector));
}
