using Streamcaps.Composition;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>
    /// One source that emits every item of the first of <paramref name="sources"/>, then every item of the
    /// next, and so on; it completes after the last one completed.
    /// </summary>
    /// <remarks>A source that fails ends the concatenation with that problem; the sources after it are never
    /// called. Each item is the source's own delivery, so lent memory keeps its lifetime.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sources"/> is empty.</exception>
    public static ISource<T> Concat<T>(params ISource<T>[] sources) => new ConcatSource<T>(CheckSources(sources));
}
