namespace Streamcaps.Tests.Support;

/// <summary>The "allocates nothing per item" check the allocation tests share: a run over many more items may
/// allocate no more than a run over a few (the first run warms up; the library's fixed costs cancel out).</summary>
internal static class AllocationCheck
{
    /// <summary>Runs <paramref name="run"/> for <paramref name="small"/> and for <paramref name="small"/> +
    /// <paramref name="extra"/> items on this thread, without a synchronization context (as in a library
    /// caller; xunit installs one for tests), and asserts the extra items allocated less than 1,000 bytes.</summary>
    public static void NothingPerItem(Action<int> run, int small = 1_000, int extra = 100_000)
    {
        long Allocated(int count)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run(count);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Allocated(small);
            var few = Allocated(small);
            var many = Allocated(small + extra);

            Assert.True(many - few < 1_000, $"{extra} more items allocated {many - few} more bytes");
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>Asserts that <paramref name="flow"/> finished without going asynchronous, as a flow of synchronous
    /// deliveries must (an asynchronous step would hide its allocations on another thread).</summary>
    public static void CompletedSynchronously(Task flow) =>
        Assert.True(flow.IsCompletedSuccessfully, "a flow of synchronous deliveries went asynchronous");
}
