using Streamcaps.Composition;

namespace Streamcaps;

/// <summary>Factories and operators that make sources.</summary>
public static partial class Source
{
    /// <summary>
    /// Fan-in: one source that emits the items of all <paramref name="sources"/> as they become available.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description>Order: items of one source keep their order; sources that are ready at once are
    /// taken in turn, so a fast source cannot starve a slow one. A source whose items are already in memory (a
    /// channel's, <see cref="Source.FromChannel{T}(System.Threading.Channels.ChannelReader{T})"/>) is read
    /// without a call while it has some, and gives up to 32 of them on its turn when <see cref="Flow"/> runs
    /// the merge.</description></item>
    /// <item><description>Borrowed memory: the merge holds each source's delivery open until the downstream
    /// delivery of that item completed, so items lent by a source stay valid exactly as long as rule 5
    /// promises, with no copy.</description></item>
    /// <item><description>End: completes when every source completed. The first failure (a source that
    /// aborted or threw, or a downstream delivery that faulted) ends the merge: the pending calls on the other
    /// sources are cancelled and the sink is aborted with that problem, unchanged.</description></item>
    /// <item><description>Backpressure: at most one item per source is taken ahead of the sink.</description></item>
    /// </list>
    /// The merge runs once: it is meant for one flow. Run by <see cref="Flow"/>, a flow that stops early (its
    /// sink failed, it was cancelled) ends the merge too: its pending calls on the sources are cancelled, so none
    /// of them goes on to take an item nobody would deliver, and a source whose item was taken but not yet
    /// delivered sees that delivery fail.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sources"/> is empty.</exception>
    public static ISource<T> Merge<T>(params ISource<T>[] sources) => new MergeSource<T>(CheckSources(sources));

    private static ISource<T>[] CheckSources<T>(ISource<T>[] sources, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(sources))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(sources, name);
        if (sources.Length == 0)
        {
            throw new ArgumentException("At least one source is needed.", name);
        }

        foreach (var source in sources)
        {
            ArgumentNullException.ThrowIfNull(source, name);
        }

        return (ISource<T>[])sources.Clone();
    }
}
