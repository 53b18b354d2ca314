using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Time;

public sealed class ThrottledSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    // A burst as large as the input: the checks run without waiting for the clock.
    protected override ISource<int> CreateSource() =>
        Source.From([1, 2, 3]).Through(Pump.Throttle<int>(10, TimeSpan.FromSeconds(1), new ManualTimeProvider()));
}

public sealed class DelayedSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3]).Through(Pump.Delay<int>(TimeSpan.Zero, new ManualTimeProvider()));
}

public sealed class BatchedSourceConformance : SourceConformance<ReadOnlyMemory<int>>
{
    protected override IReadOnlyList<ReadOnlyMemory<int>> ExpectedItems { get; } = [new[] { 1, 2 }, new[] { 3 }];

    protected override ISource<ReadOnlyMemory<int>> CreateSource() => Source.From([1, 2, 3]).Through(Pump.Batch<int>(2));

    protected override ReadOnlyMemory<int> Copy(ReadOnlyMemory<int> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<int>> Comparer => IntBatchComparer.Instance;
}

/// <summary>Compares batches by content, for checks on sources of lent batches.</summary>
internal sealed class IntBatchComparer : IEqualityComparer<ReadOnlyMemory<int>>
{
    public static IntBatchComparer Instance { get; } = new();

    public bool Equals(ReadOnlyMemory<int> x, ReadOnlyMemory<int> y) => x.Span.SequenceEqual(y.Span);

    public int GetHashCode(ReadOnlyMemory<int> obj) => obj.Length;
}
