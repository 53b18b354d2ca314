using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Streamcaps.Benchmarks.Composition;

/// <summary>Fan-in: four inputs of 2.5 million items each merged into one consumer that sums them, built three
/// ways. Each shape checks the sum so that none of them can skip work.</summary>
[Config(typeof(FanConfig))]
public class MergeBenchmarks
{
    private const int Inputs = 4;
    private const int PerInput = FanConfig.Items / Inputs;
    private const int Capacity = 1024;

    private int[][] _inputs = [];
    private long _expectedSum;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = Enumerable.Range(0, Inputs).Select(n => Enumerable.Range(n * PerInput, PerInput).ToArray()).ToArray();
        _expectedSum = _inputs.Sum(input => input.Sum(x => (long)x));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FanConfig.Items)]
    public async Task Channels_four_writers_one_reader()
    {
        var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(Capacity) { SingleReader = true });
        var writers = _inputs.Select(input => Task.Run(async () =>
        {
            foreach (var item in input)
            {
                await channel.Writer.WriteAsync(item);
            }
        })).ToArray();
        var completing = Task.WhenAll(writers).ContinueWith(_ => channel.Writer.Complete(), TaskScheduler.Default);

        long sum = 0;
        while (await channel.Reader.WaitToReadAsync())
        {
            while (channel.Reader.TryRead(out var item))
            {
                sum += item;
            }
        }

        await completing;
        Check(sum);
    }

    [Benchmark(OperationsPerInvoke = FanConfig.Items)]
    public async Task Dataflow_four_linked_buffers_into_an_action_block()
    {
        long sum = 0;
        var bounded = new DataflowBlockOptions { BoundedCapacity = Capacity };
        var consumer = new ActionBlock<int>(item => sum += item, new ExecutionDataflowBlockOptions { BoundedCapacity = Capacity });
        var buffers = _inputs.Select(_ => new BufferBlock<int>(bounded)).ToArray();
        foreach (var buffer in buffers)
        {
            buffer.LinkTo(consumer);
        }

        await Task.WhenAll(_inputs.Select((input, n) => Task.Run(async () =>
        {
            foreach (var item in input)
            {
                await buffers[n].SendAsync(item);
            }

            buffers[n].Complete();
        })));
        await Task.WhenAll(buffers.Select(b => b.Completion));
        consumer.Complete();
        await consumer.Completion;
        Check(sum);
    }

    [Benchmark(OperationsPerInvoke = FanConfig.Items)]
    public async Task Streamcaps_merge_of_four_sources()
    {
        var summing = new SummingSink();
        await Flow.RunAsync(Source.Merge(_inputs.Select(Source.From).ToArray()), summing);
        Check(summing.Sum);
    }

    [Benchmark(OperationsPerInvoke = FanConfig.Items)]
    public async Task Streamcaps_merge_of_four_channel_fed_sources()
    {
        // The same producers as the Channels shape: each source waits for its writer, so the merge parks
        // items that arrive on other threads and hands them over, instead of pulling ready items in turn.
        var channels = _inputs.Select(_ => Channel.CreateBounded<int>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true })).ToArray();
        var writers = _inputs.Select((input, n) => Task.Run(async () =>
        {
            foreach (var item in input)
            {
                await channels[n].Writer.WriteAsync(item);
            }

            channels[n].Writer.Complete();
        })).ToArray();
        var summing = new SummingSink();

        await Flow.RunAsync(Source.Merge(channels.Select(c => Source.FromChannel(c.Reader)).ToArray()), summing);
        await Task.WhenAll(writers);
        Check(summing.Sum);
    }

    private void Check(long sum)
    {
        if (sum != _expectedSum)
        {
            throw new InvalidOperationException($"The merge lost items: sum {sum}, expected {_expectedSum}.");
        }
    }
}
