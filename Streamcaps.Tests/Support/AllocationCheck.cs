namespace Streamcaps.Tests.Support;

/// <summary>The "allocates nothing per item" check the allocation tests share: a run over many more items may
/// allocate no more than a run over a few (the first run warms up; the library's fixed costs cancel out).</summary>
internal static class AllocationCheck
{
    /// <summary>Runs <paramref name="run"/> for <paramref name="small"/> and for <paramref name="small"/> +
    /// <paramref name="extra"/> items on this thread, without a synchronization context (as in a library
    /// caller; xunit installs one for tests), and asserts the extra items allocated less than 1,000 bytes (in the
    /// best of up to three runs).</summary>
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
            // The least of a few runs: a one-off allocation (the JIT promoting a method mid-run, a pool that missed
            // under a loaded machine) cost a single run up to ~2 KB once in CI, while an allocation per item would
            // cost every run at least `extra` bytes.
            var extraBytes = long.MaxValue;
            for (var attempt = 0; attempt < 3 && extraBytes >= 1_000; attempt++)
            {
                extraBytes = Math.Min(extraBytes, Allocated(small + extra) - few);
            }

            Assert.True(extraBytes < 1_000, $"{extra} more items allocated {extraBytes} more bytes");
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
