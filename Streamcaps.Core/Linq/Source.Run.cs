namespace Streamcaps;

public static partial class Source
{
    /// <summary>Runs the flow from <paramref name="source"/> into <paramref name="sink"/> to its end:
    /// <see cref="Flow.RunAsync{T}(ISource{T}, ISink{T}, CancellationToken)"/> as a method at the end of a chain.</summary>
    /// <remarks>Named after <see cref="Stream.CopyToAsync(Stream, CancellationToken)"/>: every item, then the end,
    /// goes to <paramref name="sink"/>. Not to be confused with <see cref="ISource{T}.RunAsync"/>, the protocol's
    /// one call, which signals one item.</remarks>
    /// <returns>A task that completes once the sink completed, and faults with the first problem of either side.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="sink"/> is null.</exception>
    public static Task CopyToAsync<TSource>(this ISource<TSource> source, ISink<TSource> sink, CancellationToken cancellationToken = default) =>
        Flow.RunAsync(source, sink, cancellationToken);

    /// <summary>Runs <paramref name="source"/> to its end and returns its items, in order (LINQ's <c>ToListAsync</c>).</summary>
    /// <remarks>Items that are lent memory (<see cref="ReadOnlyMemory{T}"/> from a connection or a framing pump)
    /// are valid only during their delivery: copy them first (<c>.Select(chunk => chunk.ToArray())</c>), or use
    /// <see cref="Sink.CollectBytes"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static async ValueTask<List<TSource>> ToListAsync<TSource>(this ISource<TSource> source, CancellationToken cancellationToken = default)
    {
        var items = new List<TSource>();
        await Flow.RunAsync(source, Sink.ForEach<TSource>(items.Add), cancellationToken).ConfigureAwait(false);
        return items;
    }

    /// <summary>Runs <paramref name="source"/> to its end, handing every item to <paramref name="action"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="action"/> is null.</exception>
    public static Task ForEachAsync<TSource>(this ISource<TSource> source, Action<TSource> action, CancellationToken cancellationToken = default) =>
        Flow.RunAsync(source, Sink.ForEach(action), cancellationToken);

    /// <summary>Runs <paramref name="source"/> to its end, handing every item to the asynchronous
    /// <paramref name="action"/> and waiting for its task before taking the next.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="action"/> is null.</exception>
    public static Task ForEachAsync<TSource>(this ISource<TSource> source, Func<TSource, CancellationToken, ValueTask> action, CancellationToken cancellationToken = default) =>
        Flow.RunAsync(source, Sink.ForEach(action), cancellationToken);
}
