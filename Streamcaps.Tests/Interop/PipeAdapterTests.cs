using System.Buffers;
using System.IO.Pipelines;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

/// <summary>A <see cref="PipeWriter"/> sink and a <see cref="PipeReader"/> source over one
/// <see cref="System.IO.Pipelines.Pipe"/> form a one-way byte stream; the pipe's pause threshold is its backpressure.</summary>
public sealed class PipeAdapterConformance : OneWayByteStreamConformance
{
    protected override Task<OneWayEnds> CreateStreamAsync()
    {
        var pipe = new System.IO.Pipelines.Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        return Task.FromResult(new OneWayEnds(Sink.ToPipeWriter(pipe.Writer), Source.FromPipeReader(pipe.Reader)));
    }

    protected override long MaxBufferedBytes => 256 * 1024;
}

public sealed class PipeReaderSourceConformance : SourceConformance<ReadOnlyMemory<byte>>
{
    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } = [new byte[] { 1, 2, 3 }];

    protected override ISource<ReadOnlyMemory<byte>> CreateSource()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        pipe.Writer.Write<byte>([1, 2, 3]);
        pipe.Writer.Complete();
        return Source.FromPipeReader(pipe.Reader);
    }

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;
}

public class PipeAdapterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Pipe_reader_source_fails_with_the_writers_error_unchanged()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var problem = new IOException("producer crashed");
        await pipe.Writer.WriteAsync(new byte[] { 1 });
        await pipe.Writer.CompleteAsync(problem);
        var sink = new ProbeSink<ReadOnlyMemory<byte>> { Copy = static m => m.ToArray() };

        var thrown = await Assert.ThrowsAsync<IOException>(() => Flow.RunAsync(Source.FromPipeReader(pipe.Reader), sink).WaitAsync(Bound));

        Assert.Same(problem, thrown);
    }

    [Fact]
    public async Task Pipe_reader_source_lends_the_pipes_own_memory_without_copying()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var memory = pipe.Writer.GetMemory(3);
        new byte[] { 7, 8, 9 }.CopyTo(memory);
        pipe.Writer.Advance(3);
        await pipe.Writer.FlushAsync();
        var lent = ReadOnlyMemory<byte>.Empty;

        await Source.FromPipeReader(pipe.Reader).RunAsync(Sink.ForEach<ReadOnlyMemory<byte>>(item => lent = item)).AsTask().WaitAsync(Bound);

        Assert.True(lent.Span.Overlaps(memory.Span), "the source copied the bytes instead of lending the pipe's segment");
    }

    [Fact]
    public async Task Pipe_writer_sink_faults_with_IOException_when_the_reader_has_gone()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Reader.CompleteAsync();

        await Assert.ThrowsAsync<IOException>(
            () => Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([new byte[] { 1 }]), Sink.ToPipeWriter(pipe.Writer)).WaitAsync(Bound));
    }

    [Fact]
    public async Task Pipe_writer_sink_stops_the_source_at_the_pause_threshold()
    {
        var source = new CountingSource();
        var chunk = new byte[1024];
        var pipe = new System.IO.Pipelines.Pipe(new PipeOptions(pauseWriterThreshold: 4 * 1024, resumeWriterThreshold: 2 * 1024));
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(source.Through(Pump.Map<int, ReadOnlyMemory<byte>>(_ => chunk)), Sink.ToPipeWriter(pipe.Writer), stop.Token);

        await source.Blocked.WaitAsync(Bound);

        Assert.InRange(source.Produced, 4, 5);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Bound));
    }
}
