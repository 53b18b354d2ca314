using System.Threading.Tasks.Dataflow;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

public sealed class BlockSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource()
    {
        var block = new BufferBlock<int>();
        foreach (var item in ExpectedItems)
        {
            block.Post(item);
        }

        block.Complete();
        return Source.FromBlock(block);
    }
}

public sealed class FaultedBlockSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("the graph failed");
        var block = new BufferBlock<int>();
        ((IDataflowBlock)block).Fault(problem);
        return (Source.FromBlock(block), problem);
    }
}

public sealed class BlockSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.ToBlock(new ActionBlock<int>(_ => { }));

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        // A bounded block busy with one item postpones the next offer until it is done.
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var block = new ActionBlock<int>(_ =>
        {
            working.TrySetResult();
            return release.Task;
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = 1 });
        block.Post(-1);
        return (Sink.ToBlock(block), () => working.Task, () => release.TrySetResult());
    }
}

public class DataflowAdapterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Block_sink_keeps_the_blocks_BoundedCapacity_as_backpressure()
    {
        var source = new CountingSource();
        var block = new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 4 });
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(source, Sink.ToBlock(block), stop.Token);

        await source.Blocked.WaitAsync(Bound);

        Assert.Equal(5, source.Produced);
        Assert.Equal(4, block.Count);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
    }

    [Fact]
    public async Task Block_source_leaves_the_blocks_producers_waiting_while_its_sink_stalls()
    {
        var block = new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 4 });
        var produced = 0;
        var producerBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            while (true)
            {
                var send = block.SendAsync(produced, stop.Token);
                if (!send.IsCompleted)
                {
                    producerBlocked.TrySetResult();
                }

                Assert.True(await send);
                Interlocked.Increment(ref produced);
            }
        });
        var sink = new ProbeSink<int> { Stall = true };
        var flow = Flow.RunAsync(Source.FromBlock(block), sink, stop.Token);

        await sink.Delivering.WaitAsync(Bound);
        await producerBlocked.Task.WaitAsync(Bound);

        Assert.InRange(Volatile.Read(ref produced), 4, 5);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producer.WaitAsync(Bound));
    }

    [Fact]
    public async Task Block_sink_completion_waits_until_the_block_processed_everything()
    {
        var processed = new List<int>();
        var block = new ActionBlock<int>(async item =>
        {
            await Task.Yield();
            processed.Add(item);
        });

        await Flow.RunAsync(Source.From([1, 2, 3]), Sink.ToBlock(block)).WaitAsync(Bound);

        Assert.Equal([1, 2, 3], processed);
    }

    [Fact]
    public async Task Block_sink_delivery_faults_with_the_blocks_own_fault()
    {
        var problem = new InvalidDataException("bad row");
        var block = new ActionBlock<int>(_ => throw problem, new ExecutionDataflowBlockOptions { BoundedCapacity = 1 });
        var sink = Sink.ToBlock(block);
        await sink.RunAsync(1);
        await Assert.ThrowsAsync<InvalidDataException>(() => block.Completion.WaitAsync(Bound));

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => sink.RunAsync(2).AsTask().WaitAsync(Bound));

        Assert.Same(problem, thrown);
    }

    [Fact]
    public async Task Block_sink_abort_faults_the_block_with_the_same_problem()
    {
        var problem = new IOException("upstream lost");
        var block = new BufferBlock<int>();

        await Assert.ThrowsAsync<IOException>(() => Flow.RunAsync(Source.Failed<int>(problem), Sink.ToBlock(block)).WaitAsync(Bound));

        Assert.Same(problem, await Assert.ThrowsAsync<IOException>(() => block.Completion.WaitAsync(Bound)));
    }
}
