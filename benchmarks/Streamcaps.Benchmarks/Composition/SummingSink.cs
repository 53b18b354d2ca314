namespace Streamcaps.Benchmarks.Composition;

/// <summary>The benchmarks' consumer: adds up every item, so the work per item is the same in every shape.</summary>
public sealed class SummingSink : ISink<int>
{
    public long Sum { get; private set; }

    public ValueTask RunAsync(int item, CancellationToken cancellationToken = default)
    {
        Sum += item;
        return default;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

    public ValueTask AbortAsync(Exception problem) => default;
}
