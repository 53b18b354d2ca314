using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Core;

public sealed class PipeSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource()
    {
        var (sink, source) = BufferedPipe.Create<int>(new BufferOptions { Capacity = 4 });
        Fill(sink, ExpectedItems);
        return source;
    }

    internal static void Fill<T>(ISink<T> sink, IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            Assert.True(sink.RunAsync(item).AsTask().IsCompletedSuccessfully, "the pipe had room, yet the delivery waited");
        }

        Assert.True(sink.CompleteAsync().AsTask().IsCompletedSuccessfully);
    }
}

public sealed class AbortedPipeSourceConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var (sink, source) = BufferedPipe.Create<int>();
        var problem = new InvalidDataException("the writer failed");
        Assert.True(sink.RunAsync(1).AsTask().IsCompletedSuccessfully);
        Assert.True(sink.AbortAsync(problem).AsTask().IsCompletedSuccessfully);
        return (source, problem);
    }
}

public sealed class BytePipeSourceConformance : SourceConformance<ReadOnlyMemory<byte>>
{
    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } = [new byte[] { 1, 2 }, new byte[] { 3 }, Array.Empty<byte>()];

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;

    protected override ISource<ReadOnlyMemory<byte>> CreateSource()
    {
        var (sink, source) = BufferedPipe.CreateBytes(new BufferOptions { Capacity = 4 });
        PipeSourceConformance.Fill(sink, ExpectedItems);
        return source;
    }
}

public sealed class PipeSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => BufferedPipe.Create<int>().Sink;

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        // A full buffer holds the next delivery until the reader takes an item.
        var (sink, source) = BufferedPipe.Create<int>(new BufferOptions { Capacity = 1 });
        Assert.True(sink.RunAsync(-1).AsTask().IsCompletedSuccessfully);
        return (sink, () => Task.CompletedTask, () => _ = source.RunAsync(Sink.Null<int>()).AsTask());
    }
}

public sealed class BytePipeSinkConformance : StallableSinkConformance<ReadOnlyMemory<byte>>
{
    protected override ISink<ReadOnlyMemory<byte>> CreateSink() => BufferedPipe.CreateBytes().Sink;

    protected override ReadOnlyMemory<byte> CreateItem(int index) => new byte[] { (byte)index };

    protected override (ISink<ReadOnlyMemory<byte>> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var (sink, source) = BufferedPipe.CreateBytes(new BufferOptions { Capacity = 1 });
        Assert.True(sink.RunAsync(new byte[] { 255 }).AsTask().IsCompletedSuccessfully);
        return (sink, () => Task.CompletedTask, () => _ = source.RunAsync(Sink.Null<ReadOnlyMemory<byte>>()).AsTask());
    }
}

public sealed class DropOldestPipeSinkConformance : SinkConformance<int>
{
    protected override ISink<int> CreateSink() => BufferedPipe.Create<int>(new BufferOptions { Capacity = 1, Overflow = OverflowMode.DropOldest }).Sink;

    protected override int CreateItem(int index) => index;
}
