using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Streamcaps.Benchmarks.Composition;

/// <summary>
/// One invocation moves 10 million items, so each iteration runs once, without a pilot (the Monitoring
/// strategy); five measured iterations on a machine shared with other work. Per-operation figures are per item
/// (OperationsPerInvoke), and the memory diagnoser reports bytes per item.
/// </summary>
public sealed class FanConfig : ManualConfig
{
    public const int Items = 10_000_000;

    public FanConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.OperationsPerSecond);
    }
}
