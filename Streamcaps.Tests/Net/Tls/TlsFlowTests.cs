using Streamcaps.Net;
using Streamcaps.Testing;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>
/// <see cref="Flow.RunAsync{T}"/> from a TLS connection's source runs as one loop that reads and delivers (not a
/// pull per record): it must keep the flow's rules exactly, over real loopback TCP.
/// </summary>
public class TlsFlowTests
{
    private static ProbeSink<ReadOnlyMemory<byte>> CopyingSink() => new() { Copy = chunk => chunk.ToArray() };

    [Fact]
    public async Task Flow_from_a_TLS_source_delivers_every_byte_in_order_then_completes_on_close_notify()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync();
        var sink = CopyingSink();
        var flow = Flow.RunAsync(pair.Server.Source, sink);
        var data = ByteStreams.RandomBytes(300_000, seed: 5);
        for (int offset = 0, size = 1; offset < data.Length; offset += size, size = size * 3 % 40_000 + 1)
        {
            await pair.Client.Sink.RunAsync(data.AsMemory(offset, Math.Min(size, data.Length - offset))).AsTask().WaitAsync(TlsPair.Bound);
        }

        await pair.Client.Sink.CompleteAsync().AsTask().WaitAsync(TlsPair.Bound);
        await flow.WaitAsync(TlsPair.Bound);

        Assert.Equal(data, sink.Items.SelectMany(chunk => chunk.ToArray()).ToArray());
        Assert.Equal(1, sink.Completions);
        Assert.Equal(0, sink.Aborts);
        Assert.Empty(sink.Violations);
    }

    [Fact]
    public async Task Cancelled_flow_from_a_TLS_source_aborts_the_sink_and_ends_cancelled()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync();
        var sink = CopyingSink();
        using var cancel = new CancellationTokenSource();
        var flow = Flow.RunAsync(pair.Server.Source, sink, cancel.Token);

        await pair.Client.Sink.RunAsync("first"u8.ToArray()).AsTask().WaitAsync(TlsPair.Bound);
        await sink.Delivering.WaitAsync(TlsPair.Bound);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(TlsPair.Bound));
        Assert.Equal("first"u8.ToArray(), Assert.Single(sink.Items).ToArray());
        Assert.Equal(1, sink.Aborts);
        Assert.IsAssignableFrom<OperationCanceledException>(sink.Problem);
        Assert.Empty(sink.Violations);
    }

    [Fact]
    public async Task Flow_from_a_TLS_source_stops_at_a_failing_sink_with_the_sinks_problem()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync();
        var refused = new InvalidDataException("the sink refused the chunk");
        var sink = new ProbeSink<ReadOnlyMemory<byte>> { FailNext = refused };
        var flow = Flow.RunAsync(pair.Server.Source, sink);

        await pair.Client.Sink.RunAsync("refused"u8.ToArray()).AsTask().WaitAsync(TlsPair.Bound);

        Assert.Same(refused, await Assert.ThrowsAsync<InvalidDataException>(() => flow.WaitAsync(TlsPair.Bound)));
        Assert.Empty(sink.Items);
        Assert.Equal(1, sink.Aborts);
        Assert.Empty(sink.Violations);
    }

    [Fact]
    public async Task Flow_from_a_TLS_source_cut_without_close_notify_fails_and_never_completes()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync();
        var sink = CopyingSink();
        var flow = Flow.RunAsync(pair.Server.Source, sink);

        await pair.Client.Sink.RunAsync("before the cut"u8.ToArray()).AsTask().WaitAsync(TlsPair.Bound);
        await sink.Delivering.WaitAsync(TlsPair.Bound);
        // The client's TCP connection half-closes (FIN) without TLS's close_notify.
        await pair.Client.Transport.Sink.CompleteAsync().AsTask().WaitAsync(TlsPair.Bound);

        await Assert.ThrowsAsync<IOException>(() => flow.WaitAsync(TlsPair.Bound));
        Assert.Equal(0, sink.Completions);
        Assert.Equal(1, sink.Aborts);
    }
}
