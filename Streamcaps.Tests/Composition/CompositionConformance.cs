using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Composition;

public sealed class MergeSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 10, 2, 20, 3];

    protected override ISource<int> CreateSource() => Source.Merge(Source.From([1, 2, 3]), Source.From([10, 20]));
}

/// <summary>A merge of channels, whose ready items the merge takes without calls (pulled: one per call; run by
/// Flow: in turns), with items that come out in the same order either way.</summary>
public sealed class ChannelMergeSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 10, 20];

    protected override ISource<int> CreateSource() => Source.Merge(FilledChannel(1), FilledChannel(10, 20));

    private static ISource<int> FilledChannel(params int[] items)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
        foreach (var item in items)
        {
            channel.Writer.TryWrite(item);
        }

        channel.Writer.Complete();
        return Source.FromChannel(channel.Reader);
    }
}

public sealed class FailingMergeSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("one input broke");
        return (Source.Merge(Source.From([1]), Source.Failed<int>(problem)), problem);
    }
}

public sealed class ConcatSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource() => Source.Concat(Source.From([1]), Source.Empty<int>(), Source.From([2, 3]));
}

public sealed class ZipSourceConformance : SourceConformance<(int, string)>
{
    protected override IReadOnlyList<(int, string)> ExpectedItems { get; } = [(1, "a"), (2, "b")];

    protected override ISource<(int, string)> CreateSource() => Source.Zip(Source.From([1, 2, 3]), Source.From(["a", "b"]));
}

public sealed class BroadcastSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.Broadcast(Sink.ToList<int>(), Sink.Null<int>());

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var (stalling, stalled, release) = StallingSink.Create();
        return (Sink.Broadcast(Sink.Null<int>(), stalling), stalled, release);
    }
}

public sealed class BalanceSinkConformance : SinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.Balance(Sink.ToList<int>(), Sink.Null<int>());

    protected override int CreateItem(int index) => index;
}

/// <summary>A sink whose deliveries wait until released, for the stallable-sink checks of fan-outs.</summary>
internal static class StallingSink
{
    public static (ISink<int> Sink, Func<Task> Stalled, Action Release) Create()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = Sink.ForEach<int>(async (_, cancellationToken) =>
        {
            stalled.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
        });
        return (sink, () => stalled.Task, () => release.TrySetResult());
    }
}
