using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Streamcaps.Benchmarks.Flows;

/// <summary>
/// How the cost of <c>source -> map -> map -> summing sink</c> (the shape of <see cref="TwoMapsBenchmark"/>)
/// grows with the number of items in one flow, from a thousand to a hundred million: the time and the bytes per
/// item should stay flat, whatever the flow's length. Each invocation moves the same <see cref="ItemsPerInvoke"/>
/// items, as <c>ItemsPerInvoke / Items</c> flows of <see cref="Items"/> items each, so every size takes the same
/// time to measure and the per-item figure includes what building, running and ending each flow costs, spread
/// over its items (the cost a user pays for short flows).
/// </summary>
/// <remarks>One launch, three warm-ups, five measured invocations per size, each of 100 million items (0.3-3 s),
/// as <see cref="TwoMapsBenchmark"/> is run; five measured because on a busy machine one slow invocation moves a
/// three-invocation mean by half. One to four minutes for the six sizes. (It found that a single long flow cost
/// up to 3x more per item than short ones, its loop being one call that the JIT's tiering never promoted; the
/// flow now runs its loop in blocks.)</remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class FlowScalingBenchmark
{
    private const int ItemsPerInvoke = 100_000_000;

    private long _sum;

    /// <summary>Items in one flow.</summary>
    [Params(1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000)]
    public int Items { get; set; }

    [Benchmark(OperationsPerInvoke = ItemsPerInvoke)]
    public async Task<long> StreamcapsPumps()
    {
        _sum = 0;
        for (var flows = ItemsPerInvoke / Items; flows > 0; flows--)
        {
            await TwoMapsBenchmark.RunPumpsAsync(Items, x => _sum += x).ConfigureAwait(false);
        }

        return _sum;
    }
}
