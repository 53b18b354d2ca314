using Streamcaps.Sources;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>A source that hands out the items of <paramref name="items"/>, one <c>MoveNextAsync</c> per call.</summary>
    /// <remarks>The enumerator is created on the first call and disposed when it ends. What it throws is the
    /// source's failure: the sink is aborted with it. A call cancelled while <c>MoveNextAsync</c> runs faults with
    /// <see cref="OperationCanceledException"/>; the move goes on and the next call takes its item.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static ISource<T> From<T>(IAsyncEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new AsyncEnumerableSource<T>(items);
    }

    /// <summary>Reads <paramref name="source"/> with <c>await foreach</c>.</summary>
    /// <remarks>
    /// <para>Each item stays valid until the loop asks for the next one: the source's delivery of it completes
    /// only then, so lent memory may be used in the loop body without copying, and the source runs at the
    /// loop's pace. When the source fails, the loop throws its problem; leaving the loop early ends the
    /// reading.</para>
    /// <para>Every enumeration continues the same source (a source is a cursor, not a collection).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IAsyncEnumerable<T> ToAsyncEnumerable<T>(this ISource<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SourceEnumerable<T>(source);
    }

    private sealed class SourceEnumerable<T>(ISource<T> source) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new SourceEnumerator<T>(source, cancellationToken);
    }
}
