using Streamcaps.Composition;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>
    /// Pairs the n-th item of <paramref name="first"/> with the n-th item of <paramref name="second"/>;
    /// completes as soon as either source completes (a left-over item of the other is dropped).
    /// </summary>
    /// <remarks>Both items are borrowed until the pair's downstream delivery completed, so lent memory
    /// stays valid while the sink looks at the pair. A failure of either source aborts the sink with it.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ISource<(T1 First, T2 Second)> Zip<T1, T2>(ISource<T1> first, ISource<T2> second) =>
        Zip(first, second, static (a, b) => (a, b));

    /// <summary>
    /// Combines the n-th item of <paramref name="first"/> with the n-th item of <paramref name="second"/>
    /// through <paramref name="combine"/>; completes as soon as either source completes.
    /// </summary>
    /// <remarks>Both items are borrowed until the combined item's downstream delivery completed.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ISource<TResult> Zip<T1, T2, TResult>(ISource<T1> first, ISource<T2> second, Func<T1, T2, TResult> combine)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(combine);
        return new ZipSource<T1, T2, TResult>(first, second, combine);
    }
}
