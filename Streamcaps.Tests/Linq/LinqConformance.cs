using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Linq;

public sealed class SelectWhereQueryConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 20, 40, 60, 80];

    protected override ISource<int> CreateSource() => from x in Source.From(Enumerable.Range(0, 10)) where x % 2 == 0 select x * 10;
}

public sealed class SelectManyConformance : SourceConformance<string>
{
    protected override IReadOnlyList<string> ExpectedItems { get; } = ["1a", "1b", "2a", "2b"];

    private static readonly string[] Suffixes = ["a", "b"];

    protected override ISource<string> CreateSource() =>
        from x in Source.From([1, 2]) from suffix in Suffixes select $"{x}{suffix}";
}

public sealed class TakeOfEndlessSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 1, 2];

    protected override ISource<int> CreateSource() => new CountingSource().Take(3);
}

public sealed class SkipConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [3, 4];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3, 4]).Skip(2);
}

public sealed class ScanWithSeedConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 1, 3, 6];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3]).Scan(0, (sum, x) => sum + x, emitSeed: true);
}

public sealed class ChunkConformance : SourceConformance<int[]>
{
    protected override IReadOnlyList<int[]> ExpectedItems { get; } = [[1, 2], [3, 4], [5]];

    protected override IEqualityComparer<int[]> Comparer { get; } = new SequenceComparer();

    protected override ISource<int[]> CreateSource() => Source.From([1, 2, 3, 4, 5]).Chunk(2);

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}

public sealed class AsynchronousSelectConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [2, 4, 6];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3]).Select(async (x, _) =>
    {
        await Task.Yield();
        return x * 2;
    });
}

public sealed class IdentityPumpSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3]).Through(Pump.Identity<int>());
}
