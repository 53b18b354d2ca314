using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Core;

public sealed class ArraySourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    private static readonly int[] Items = [1, 2, 3];

    protected override ISource<int> CreateSource() => Source.From(Items);
}

public sealed class ListSourceConformance : SourceConformance<string>
{
    protected override IReadOnlyList<string> ExpectedItems { get; } = ["a", "b", "c"];

    protected override ISource<string> CreateSource() => Source.From(new List<string> { "a", "b", "c" });
}

public sealed class EnumerableSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 1, 4, 9];

    protected override ISource<int> CreateSource() => Source.From(Squares(4));

    internal static IEnumerable<int> Squares(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i * i;
        }
    }
}

public sealed class ThrowingEnumerableSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 1];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("the sequence broke");
        return (Source.From(Broken(problem)), problem);
    }

    private static IEnumerable<int> Broken(Exception problem)
    {
        yield return 0;
        yield return 1;
        throw problem;
    }
}

public sealed class EmptySourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [];

    protected override ISource<int> CreateSource() => Source.Empty<int>();
}

public sealed class FailedSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("failed from the start");
        return (Source.Failed<int>(problem), problem);
    }
}

public sealed class AsyncEnumerableSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 1, 2];

    protected override ISource<int> CreateSource() => Source.From(SourceTests.CountAsync(3));
}

public sealed class ThrowingAsyncEnumerableSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [0, 1];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("the async stream broke");
        return (Source.From(Broken(problem)), problem);
    }

    private static async IAsyncEnumerable<int> Broken(Exception problem)
    {
        await foreach (var item in SourceTests.CountAsync(2))
        {
            yield return item;
        }

        throw problem;
    }
}
