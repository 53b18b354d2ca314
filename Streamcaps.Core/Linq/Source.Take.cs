namespace Streamcaps;

public static partial class Source
{
    /// <summary>Hands out the first <paramref name="count"/> items of <paramref name="source"/>, then completes
    /// without asking <paramref name="source"/> for another (LINQ's <c>Take</c>):
    /// <c>source.Through(Pump.Take(count))</c>. Ends an endless source.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static ISource<TSource> Take<TSource>(this ISource<TSource> source, int count) =>
        source.Through(Pump.Take<TSource>(count));

    /// <summary>Drops the first <paramref name="count"/> items of <paramref name="source"/> and hands out the rest
    /// (LINQ's <c>Skip</c>): <c>source.Through(Pump.Skip(count))</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static ISource<TSource> Skip<TSource>(this ISource<TSource> source, int count) =>
        source.Through(Pump.Skip<TSource>(count));

    /// <summary>Hands out items while <paramref name="predicate"/> holds, and completes at the first that fails it
    /// without asking <paramref name="source"/> for another (LINQ's <c>TakeWhile</c>):
    /// <c>source.Through(Pump.TakeWhile(predicate))</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="predicate"/> is null.</exception>
    public static ISource<TSource> TakeWhile<TSource>(this ISource<TSource> source, Func<TSource, bool> predicate) =>
        source.Through(Pump.TakeWhile(predicate));

    /// <summary>Drops items while <paramref name="predicate"/> holds, then hands out every item (LINQ's
    /// <c>SkipWhile</c>): <c>source.Through(Pump.SkipWhile(predicate))</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="predicate"/> is null.</exception>
    public static ISource<TSource> SkipWhile<TSource>(this ISource<TSource> source, Func<TSource, bool> predicate) =>
        source.Through(Pump.SkipWhile(predicate));
}
