namespace Streamcaps.Testing;

/// <summary>What the source suites (<see cref="SourceConformance{T}"/>, <see cref="FailingSourceConformance{T}"/>)
/// share: the expected items, how to keep and compare them, and the bound on every wait.</summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class SourceChecks<T>
{
    /// <summary>What the source under test hands out (before it ends or fails), in order.</summary>
    protected abstract IReadOnlyList<T> ExpectedItems { get; }

    /// <summary>Keeps an item beyond its delivery (copies lent memory). Identity by default.</summary>
    protected virtual T Copy(T item) => item;

    /// <summary>Compares a delivered item with an expected one.</summary>
    protected virtual IEqualityComparer<T> Comparer => EqualityComparer<T>.Default;

    /// <summary>The bound on every wait; a check that exceeds it fails instead of hanging.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(10);

    /// <summary>A recording sink that keeps items with <see cref="Copy"/>.</summary>
    protected ProbeSink<T> NewProbe() => new() { Copy = Copy };
}
