using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Linq;

public class LinqAllocationTests
{
    [OptimizedOnlyTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_Selects_and_a_Where_allocate_nothing_per_item(bool pulled) =>
        AllocationCheck.NothingPerItem(count => AllocationCheck.CompletedSynchronously(
            Numbers(count, pulled).Select(x => x + 1).Where(x => x != 0).Select(x => x * 2).CopyToAsync(Sink.Null<int>())));

    [OptimizedOnlyFact]
    public void Skip_Where_then_Take_allocate_nothing_per_item() =>
        AllocationCheck.NothingPerItem(count => AllocationCheck.CompletedSynchronously(
            Source.From(Enumerable.Range(0, count + 10)).Skip(10).Where(x => x >= 0).Take(count).Select(x => x + 1).CopyToAsync(Sink.Null<int>())));

    private static ISource<int> Numbers(int count, bool pulled) =>
        pulled ? new ScriptedSource(count) : Source.From(Enumerable.Range(0, count));
}
