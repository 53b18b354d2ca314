using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Linq;

public class LinqAllocationTests
{
    [OptimizedOnlyTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_Selects_and_a_Where_allocate_nothing_per_item(bool pulled)
    {
        long Allocated(int count)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var flow = Numbers(count, pulled).Select(x => x + 1).Where(x => x != 0).Select(x => x * 2).CopyToAsync(Sink.Null<int>());
            Assert.True(flow.IsCompletedSuccessfully, "a flow of synchronous deliveries went asynchronous");
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(1_000);
        var small = Allocated(1_000);
        var large = Allocated(101_000);

        Assert.True(large - small < 1_000, $"100 000 more items allocated {large - small} more bytes");
    }

    [OptimizedOnlyFact]
    public void Skip_Where_then_Take_allocate_nothing_per_item()
    {
        long Allocated(int count)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var flow = Source.From(Enumerable.Range(0, count + 10)).Skip(10).Where(x => x >= 0).Take(count).Select(x => x + 1).CopyToAsync(Sink.Null<int>());
            Assert.True(flow.IsCompletedSuccessfully, "a flow of synchronous deliveries went asynchronous");
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Without a synchronization context, as in a library caller; xunit installs one for tests, and the pulls
        // a finite pump makes would post their continuations to it.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Allocated(1_000);
            var small = Allocated(1_000);
            var large = Allocated(101_000);

            Assert.True(large - small < 1_000, $"100 000 more items allocated {large - small} more bytes");
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private static ISource<int> Numbers(int count, bool pulled) =>
        pulled ? new ScriptedSource(count) : Source.From(Enumerable.Range(0, count));
}
