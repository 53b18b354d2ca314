using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Streamcaps.Benchmarks.Composition;

/// <summary>Fan-out: 10 million items, each delivered to four consumers that sum them, built three ways. Every
/// consumer must see every item (no dropping), so each shape checks all four sums.</summary>
[Config(typeof(FanConfig))]
public class BroadcastBenchmarks
{
    private const int Outputs = 4;
    private const int Capacity = 1024;

    private int[] _items = [];
    private long _expectedSum;

    [GlobalSetup]
    public void Setup()
    {
        _items = Enumerable.Range(0, FanConfig.Items).ToArray();
        _expectedSum = _items.Sum(x => (long)x);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FanConfig.Items)]
    public async Task Channels_one_writer_four_channels()
    {
        var channels = Enumerable.Range(0, Outputs)
            .Select(_ => Channel.CreateBounded<int>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var readers = channels.Select(channel => Task.Run(async () =>
        {
            long sum = 0;
            while (await channel.Reader.WaitToReadAsync())
            {
                while (channel.Reader.TryRead(out var item))
                {
                    sum += item;
                }
            }

            return sum;
        })).ToArray();

        foreach (var item in _items)
        {
            foreach (var channel in channels)
            {
                await channel.Writer.WriteAsync(item);
            }
        }

        foreach (var channel in channels)
        {
            channel.Writer.Complete();
        }

        Check(await Task.WhenAll(readers));
    }

    [Benchmark(OperationsPerInvoke = FanConfig.Items)]
    public async Task Dataflow_four_bounded_action_blocks_fed_with_SendAsync()
    {
        // Not a BroadcastBlock: it overwrites and drops for busy targets even with a BoundedCapacity (measured:
        // the four sums came out ~45 % short), so guaranteed fan-out in Dataflow means offering to each target.
        var sums = new long[Outputs];
        var consumers = Enumerable.Range(0, Outputs)
            .Select(n => new ActionBlock<int>(item => sums[n] += item, new ExecutionDataflowBlockOptions { BoundedCapacity = Capacity }))
            .ToArray();

        foreach (var item in _items)
        {
            foreach (var consumer in consumers)
            {
                await consumer.SendAsync(item);
            }
        }

        foreach (var consumer in consumers)
        {
            consumer.Complete();
        }

        await Task.WhenAll(consumers.Select(c => c.Completion));
        Check(sums);
    }

    [Benchmark(OperationsPerInvoke = FanConfig.Items)]
    public async Task Streamcaps_broadcast_to_four_sinks()
    {
        var sinks = Enumerable.Range(0, Outputs).Select(_ => new SummingSink()).ToArray();
        await Flow.RunAsync(Source.From(_items), Sink.Broadcast<int>(sinks));
        Check(sinks.Select(s => s.Sum).ToArray());
    }

    private void Check(long[] sums)
    {
        if (sums.Any(sum => sum != _expectedSum))
        {
            throw new InvalidOperationException($"A consumer missed items: sums {string.Join(", ", sums)}, expected {_expectedSum} each.");
        }
    }
}
