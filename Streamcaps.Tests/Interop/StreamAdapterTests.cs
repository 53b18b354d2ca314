using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

public sealed class StreamSourceConformance : SourceConformance<ReadOnlyMemory<byte>>
{
    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } =
        [new byte[] { 0, 1, 2, 3 }, new byte[] { 4, 5, 6, 7 }, new byte[] { 8, 9 }];

    protected override ISource<ReadOnlyMemory<byte>> CreateSource() =>
        Source.FromStream(new MemoryStream([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), new StreamSourceOptions { BufferSize = 4 });

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;
}

public sealed class StreamSinkConformance : SinkConformance<ReadOnlyMemory<byte>>
{
    protected override ISink<ReadOnlyMemory<byte>> CreateSink() => Sink.ToStream(new MemoryStream());

    protected override ReadOnlyMemory<byte> CreateItem(int index) => new byte[] { (byte)index, 1, 2 };
}

public class StreamAdapterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stream_sink_completion_flushes_and_disposes_the_stream()
    {
        var memory = new MemoryStream();
        var buffered = new BufferedStream(memory, 1024);

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([new byte[] { 1, 2 }, new byte[] { 3 }]), Sink.ToStream(buffered)).WaitAsync(Bound);

        Assert.Equal([1, 2, 3], memory.ToArray());
        Assert.False(memory.CanWrite, "completion did not dispose the stream");
    }

    [Fact]
    public async Task Stream_sink_can_leave_the_stream_open()
    {
        var memory = new MemoryStream();

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([new byte[] { 1 }]), Sink.ToStream(memory, new StreamSinkOptions { LeaveOpen = true })).WaitAsync(Bound);

        Assert.True(memory.CanWrite);
        Assert.Equal([1], memory.ToArray());
    }

    [Fact]
    public async Task Stream_source_and_sink_carry_bytes_through_an_operating_system_pipe()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var data = ByteStreams.RandomBytes(1024 * 1024, seed: 3);
        var received = Sink.CollectBytes();

        var reading = Flow.RunAsync(Source.FromStream(client), received);
        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([data]), Sink.ToStream(server)).WaitAsync(Bound);
        await reading.WaitAsync(Bound);

        Assert.Equal(data, await received.Result);
    }

    [Fact]
    public async Task Stream_sink_into_an_unread_pipe_stops_the_source()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var source = new CountingSource();
        var chunk = new byte[64 * 1024];
        using var stop = new CancellationTokenSource();
        var flow = Flow.RunAsync(source.Through(Pump.Map<int, ReadOnlyMemory<byte>>(_ => chunk)), Sink.ToStream(server), stop.Token);

        await source.Blocked.WaitAsync(Bound);

        // The kernel's pipe buffer (64 KiB on Linux, up to 1 MiB when raised) is all that is taken ahead.
        Assert.InRange(source.Produced, 1, 17);
        client.Dispose();
        await Assert.ThrowsAnyAsync<IOException>(() => flow.WaitAsync(Bound));
    }

    [Fact]
    public async Task Stream_source_fails_with_the_streams_IOException_when_the_peer_resets()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(Bound);
        using (var accepted = await listener.AcceptAsync().WaitAsync(Bound))
        {
            accepted.LingerState = new LingerOption(true, 0);
        }

        var sink = new ProbeSink<ReadOnlyMemory<byte>> { Copy = static m => m.ToArray() };
        var thrown = await Assert.ThrowsAsync<IOException>(() => Flow.RunAsync(Source.FromStream(new NetworkStream(client)), sink).WaitAsync(Bound));

        Assert.Same(thrown, sink.Problem);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(thrown.InnerException).SocketErrorCode);
    }

    [Fact]
    public void Stream_source_rejects_a_stream_it_cannot_read()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);

        var thrown = Assert.Throws<ArgumentException>(() => Source.FromStream(server));

        Assert.Equal("stream", thrown.ParamName);
    }

    [Fact]
    public void Stream_source_rejects_a_buffer_size_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Source.FromStream(new MemoryStream(), new StreamSourceOptions { BufferSize = 0 }));
    }
}
