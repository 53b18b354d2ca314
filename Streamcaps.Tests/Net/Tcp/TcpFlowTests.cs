using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>
/// <c>Flow.RunAsync</c> from a TCP source runs as one receive loop instead of one source call per chunk; these
/// check that it keeps every rule of a flow: how it ends, how a failing sink or a cancellation stops it, and
/// that a stopped flow leaves the source usable with nothing lost.
/// </summary>
public class TcpFlowTests
{
    [Fact]
    public async Task Flow_aborts_the_sink_and_faults_with_connection_reset_when_the_peer_resets()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        var sink = new RecordingByteSink();
        var flowing = Flow.RunAsync(connection.Source, sink);
        await peer.SendAsync("before"u8.ToArray());

        Reset(peer);

        var failure = await Assert.ThrowsAsync<SocketException>(() => flowing.WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, failure.SocketErrorCode);
        Assert.Same(failure, await sink.Ended);
        Assert.Equal("before"u8.ToArray(), sink.Received);
    }

    [Fact]
    public async Task Flow_stops_at_a_failing_sink_aborts_it_and_the_source_delivers_what_came_next()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        var broken = new InvalidOperationException("sink broke");
        var sink = new ProbeSink<ReadOnlyMemory<byte>> { FailNext = broken };
        var flowing = Flow.RunAsync(connection.Source, sink);

        await peer.SendAsync("lost to the failing sink"u8.ToArray());

        Assert.Same(broken, await Assert.ThrowsAsync<InvalidOperationException>(() => flowing.WaitAsync(Patience)));
        Assert.Same(broken, sink.Problem);
        await AssertSourceDeliversWhatComesNextAsync(connection, peer);
    }

    [Fact]
    public async Task Cancelled_flow_aborts_the_sink_is_cancelled_and_loses_no_bytes()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        using var cancellation = new CancellationTokenSource();
        var sink = new ProbeSink<ReadOnlyMemory<byte>> { Copy = chunk => chunk.ToArray() };
        var flowing = Flow.RunAsync(connection.Source, sink, cancellation.Token);
        await peer.SendAsync("first"u8.ToArray());
        await sink.Delivering.WaitAsync(Patience);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flowing.WaitAsync(Patience));
        Assert.True(flowing.IsCanceled);
        Assert.IsAssignableFrom<OperationCanceledException>(sink.Problem);
        Assert.Equal("first"u8.ToArray(), sink.Items.SelectMany(chunk => chunk.ToArray()));
        await AssertSourceDeliversWhatComesNextAsync(connection, peer);
    }

    [Fact]
    public async Task Flow_while_a_call_is_in_flight_faults_with_InvalidOperationException_and_aborts_its_sink()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        var waiting = connection.Source.RunAsync(new RecordingByteSink()).AsTask();
        var sink = new RecordingByteSink();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Flow.RunAsync(connection.Source, sink).WaitAsync(Patience));

        Assert.Same(failure, await sink.Ended);
        peer.Shutdown(SocketShutdown.Send);
        await waiting.WaitAsync(Patience);
        peer.Dispose();
    }

    [Fact]
    public async Task Flow_from_a_source_that_already_ended_completes_the_sink_again()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;
        peer.Shutdown(SocketShutdown.Send);
        await Flow.RunAsync(connection.Source, new RecordingByteSink()).WaitAsync(Patience);
        var later = new RecordingByteSink();

        await Flow.RunAsync(connection.Source, later).WaitAsync(Patience);

        Assert.Null(await later.Ended);
    }

    /// <summary>After a flow stopped, the source delivers the next bytes the peer sends, whole, then the end.</summary>
    private static async Task AssertSourceDeliversWhatComesNextAsync(IConnection connection, Socket peer)
    {
        await peer.SendAsync("next"u8.ToArray());
        peer.Shutdown(SocketShutdown.Send);
        Assert.Equal("next"u8.ToArray(), await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience));
    }
}
