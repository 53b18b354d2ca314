using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

// Not "...Flow": a namespace of that name would hide Streamcaps.Flow from every benchmark under Streamcaps.Benchmarks.
namespace Streamcaps.Benchmarks.Flows;

/// <summary>
/// The shape: a source of 10 million ints through two map stages into a summing sink, in Streamcaps
/// and in every way a .NET user would build such a chain today — LINQ over <see cref="IAsyncEnumerable{T}"/>
/// (the base library's <c>System.Linq.AsyncEnumerable</c>), Akka.NET Streams, TPL Dataflow blocks and stages
/// linked by bounded Channels — plus a plain loop as the floor; Streamcaps both with <c>Through(Pump.Map(...))</c>
/// and with LINQ's <c>Select</c>. Every variant maps <c>x + 1</c> then <c>x * 2</c> and sums; the library ones are
/// bounded (backpressure on). Figures are per item
/// (<c>OperationsPerInvoke</c>).
/// </summary>
/// <remarks>One launch, three warm-ups, five measured runs of the whole 10-million-item chain: enough for ratios
/// without BenchmarkDotNet's default long job. Three warm-ups because each run is one call of the chain's loop:
/// the JIT's tiering (on-stack replacement, then the profile-guided tier) needs that many calls to reach the
/// code a long-running flow runs, for every variant alike.</remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class TwoMapsBenchmark
{
    private const int Items = 10_000_000;

    /// <summary>The bound of every buffer in the Dataflow and Channels chains.</summary>
    private const int Capacity = 1024;

    private long _sum;

    private ActorSystem? _actors;
    private ActorMaterializer? _materializer;

    /// <summary>Akka.NET Streams runs inside an actor system; a user creates it and its materializer once per
    /// process, so the benchmark does too and measures only the materialized stream.</summary>
    [GlobalSetup(Target = nameof(AkkaStreams))]
    public void StartActorSystem()
    {
        _actors = ActorSystem.Create("two-maps", "akka.loglevel = WARNING");
        _materializer = _actors.Materializer();
    }

    [GlobalCleanup(Target = nameof(AkkaStreams))]
    public void StopActorSystem()
    {
        _materializer?.Dispose();
        _actors?.Terminate().Wait();
        _actors?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public async Task<long> Dataflow()
    {
        _sum = 0;
        var bounded = new ExecutionDataflowBlockOptions { BoundedCapacity = Capacity };
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var first = new TransformBlock<int, int>(x => x + 1, bounded);
        var second = new TransformBlock<int, int>(x => x * 2, bounded);
        var sum = new ActionBlock<int>(x => _sum += x, bounded);
        first.LinkTo(second, link);
        second.LinkTo(sum, link);
        for (var i = 0; i < Items; i++)
        {
            await first.SendAsync(i).ConfigureAwait(false);
        }

        first.Complete();
        await sum.Completion.ConfigureAwait(false);
        return _sum;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<long> Channels()
    {
        _sum = 0;
        var options = new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true };
        var toFirst = Channel.CreateBounded<int>(options);
        var toSecond = Channel.CreateBounded<int>(options);
        var toSum = Channel.CreateBounded<int>(options);
        var produce = Task.Run(async () =>
        {
            for (var i = 0; i < Items; i++)
            {
                if (!toFirst.Writer.TryWrite(i))
                {
                    await toFirst.Writer.WriteAsync(i).ConfigureAwait(false);
                }
            }

            toFirst.Writer.Complete();
        });
        var first = Task.Run(() => MapAsync(toFirst.Reader, toSecond.Writer, x => x + 1));
        var second = Task.Run(() => MapAsync(toSecond.Reader, toSum.Writer, x => x * 2));
        while (await toSum.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (toSum.Reader.TryRead(out var x))
            {
                _sum += x;
            }
        }

        await Task.WhenAll(produce, first, second).ConfigureAwait(false);
        return _sum;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<long> StreamcapsPumps()
    {
        _sum = 0;
        await RunPumpsAsync(Items, x => _sum += x).ConfigureAwait(false);
        return _sum;
    }

    /// <summary>The Streamcaps chain under test, <c>Through(Pump.Map(...))</c> form, over <paramref name="items"/>
    /// ints into <paramref name="sum"/> (<see cref="FlowScalingBenchmark"/> runs it at other lengths).</summary>
    internal static Task RunPumpsAsync(int items, Action<int> sum) =>
        Flow.RunAsync(
            Source.From(Enumerable.Range(0, items))
                .Through(Pump.Map<int, int>(x => x + 1))
                .Through(Pump.Map<int, int>(x => x * 2)),
            Sink.ForEach(sum));

    /// <summary>LINQ over an async iterator, as the BCL ships it in .NET 10: each stage is an async enumerator
    /// awaiting the one before it.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<long> LinqAsync()
    {
        _sum = 0;
        await foreach (var x in RangeAsync(Items).Select(x => x + 1).Select(x => x * 2).ConfigureAwait(false))
        {
            _sum += x;
        }

        return _sum;
    }

    /// <summary><c>Source -> Select -> Select -> Sink</c>, materialized once per invocation by the materializer
    /// made in <see cref="StartActorSystem"/>.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<long> AkkaStreams()
    {
        _sum = await Akka.Streams.Dsl.Source.From(Enumerable.Range(0, Items))
            .Select(x => x + 1)
            .Select(x => x * 2)
            .RunWith(Akka.Streams.Dsl.Sink.Aggregate<int, long>(0L, (sum, x) => sum + x), _materializer!)
            .ConfigureAwait(false);
        return _sum;
    }

    /// <summary>The same chain written with the LINQ-named methods: the same objects as <see cref="StreamcapsPumps"/>,
    /// so it must cost the same.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<long> StreamcapsLinq()
    {
        _sum = 0;
        await Source.From(Enumerable.Range(0, Items))
            .Select(x => x + 1)
            .Select(x => x * 2)
            .ForEachAsync(x => _sum += x).ConfigureAwait(false);
        return _sum;
    }

    /// <summary>No library at all: the same two delegates and the sum in a for loop. Not a competitor, a yardstick
    /// for how loaded the machine was: the other figures are best read relative to it.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public long PlainLoop()
    {
        _sum = 0;
        Func<int, int> first = x => x + 1, second = x => x * 2;
        Action<int> sum = x => _sum += x;
        for (var i = 0; i < Items; i++)
        {
            sum(second(first(i)));
        }

        return _sum;
    }

    /// <summary>The source a user writes for LINQ async: an async iterator whose items are ready at once.</summary>
    private static async IAsyncEnumerable<int> RangeAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static async Task MapAsync(ChannelReader<int> input, ChannelWriter<int> output, Func<int, int> map)
    {
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out var x))
            {
                var y = map(x);
                if (!output.TryWrite(y))
                {
                    await output.WriteAsync(y).ConfigureAwait(false);
                }
            }
        }

        output.Complete();
    }
}
