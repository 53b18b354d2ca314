using System.Threading.Channels;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

public sealed class ChannelSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource()
    {
        var channel = Channel.CreateUnbounded<int>();
        foreach (var item in ExpectedItems)
        {
            channel.Writer.TryWrite(item);
        }

        channel.Writer.Complete();
        return Source.FromChannel(channel.Reader);
    }
}

public sealed class FailingChannelSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("the producer failed");
        var channel = Channel.CreateUnbounded<int>();
        channel.Writer.TryWrite(1);
        channel.Writer.Complete(problem);
        return (Source.FromChannel(channel.Reader), problem);
    }
}

public sealed class ChannelSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.ToChannel(Channel.CreateUnbounded<int>().Writer);

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        // A full bounded channel: the next write waits until a reader makes room.
        var channel = Channel.CreateBounded<int>(1);
        channel.Writer.TryWrite(-1);
        return (Sink.ToChannel(channel.Writer), () => Task.CompletedTask, () => channel.Reader.TryRead(out _));
    }
}

public class ChannelAdapterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Channel_sink_stops_the_source_when_the_bounded_channel_is_full()
    {
        var source = new CountingSource();
        var channel = Channel.CreateBounded<int>(4);
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(source, Sink.ToChannel(channel.Writer), stop.Token);

        await source.Blocked.WaitAsync(Bound);

        Assert.Equal(5, source.Produced);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
    }

    [Fact]
    public async Task Channel_source_reads_no_further_while_its_sink_stalls()
    {
        var channel = Channel.CreateBounded<int>(4);
        var produced = 0;
        var writerBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (true)
            {
                var write = channel.Writer.WriteAsync(produced, stop.Token);
                if (!write.IsCompleted)
                {
                    writerBlocked.TrySetResult();
                }

                await write;
                Interlocked.Increment(ref produced);
            }
        });
        var sink = new ProbeSink<int> { Stall = true };
        var flow = Flow.RunAsync(Source.FromChannel(channel.Reader), sink, stop.Token);

        await sink.Delivering.WaitAsync(Bound);
        await writerBlocked.Task.WaitAsync(Bound);

        // Four in the channel and at most one in the sink's hands: the channel's bound holds end to end.
        Assert.InRange(Volatile.Read(ref produced), 4, 5);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WaitAsync(Bound));
    }

    [Fact]
    public async Task Channel_sink_abort_completes_the_channel_with_the_same_problem()
    {
        var problem = new IOException("upstream lost");
        var channel = Channel.CreateUnbounded<int>();

        await Assert.ThrowsAsync<IOException>(() => Flow.RunAsync(Source.Failed<int>(problem), Sink.ToChannel(channel.Writer)).WaitAsync(Bound));

        Assert.Same(problem, await Assert.ThrowsAsync<IOException>(() => channel.Reader.Completion.WaitAsync(Bound)));
    }

    [Fact]
    public async Task Channel_sink_can_leave_a_shared_channel_open()
    {
        var channel = Channel.CreateUnbounded<int>();

        await Flow.RunAsync(Source.From([1, 2]), Sink.ToChannel(channel.Writer, completeWriter: false)).WaitAsync(Bound);

        Assert.True(channel.Writer.TryWrite(3));
        Assert.Equal(3, channel.Reader.Count);
    }
}
