using System.Text;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Core;

public sealed class ListSinkConformance : SinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.ToList<int>();

    protected override int CreateItem(int index) => index;
}

public sealed class NullSinkConformance : SinkConformance<string>
{
    protected override ISink<string> CreateSink() => Sink.Null<string>();

    protected override string CreateItem(int index) => $"item {index}";
}

public sealed class CollectBytesSinkConformance : SinkConformance<ReadOnlyMemory<byte>>
{
    protected override ISink<ReadOnlyMemory<byte>> CreateSink() => Sink.CollectBytes();

    protected override ReadOnlyMemory<byte> CreateItem(int index) => new byte[] { (byte)index, 1, 2 };
}

public sealed class CollectStringSinkConformance : SinkConformance<ReadOnlyMemory<byte>>
{
    protected override ISink<ReadOnlyMemory<byte>> CreateSink() => Sink.CollectString(Encoding.UTF8);

    protected override ReadOnlyMemory<byte> CreateItem(int index) => Encoding.UTF8.GetBytes($"é{index}");
}

public sealed class ForEachSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.ForEach<int>((_, _) => ValueTask.CompletedTask);

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
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

public sealed class ActionSinkConformance : SinkConformance<int>
{
    protected override ISink<int> CreateSink() => Sink.ForEach<int>(_ => { });

    protected override int CreateItem(int index) => index;
}
