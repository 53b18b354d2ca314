using Streamcaps.Tests.Support;
using Streamcaps.Tests.Conformance;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

public class ServerTests
{
    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Echo_server_returns_every_byte_it_receives(string address)
    {
        await using var server = await StartEchoServerAsync(IPAddress.Parse(address));
        await using var connection = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        var sent = ByteStreams.RandomBytes(2 * 1024 * 1024, seed: 4);

        var echoed = ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience);
        await WriteInChunksAsync(connection.Sink, sent, chunkSize: 64 * 1024);
        await connection.Sink.CompleteAsync();

        Assert.Equal(sent, await echoed);
    }

    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Local_end_point_carries_the_real_port_when_bound_to_port_zero(string address)
    {
        await using var server = await StartEchoServerAsync(IPAddress.Parse(address));

        var bound = Assert.IsType<IPEndPoint>(server.LocalEndPoint);
        Assert.Equal(IPAddress.Parse(address), bound.Address);
        Assert.InRange(bound.Port, 1, IPEndPoint.MaxPort);
    }

    [Fact]
    public async Task Server_on_the_IPv6_any_address_also_accepts_IPv4()
    {
        await using var server = await StartEchoServerAsync(IPAddress.IPv6Any);
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        await using var connection = await Tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Patience);
        await connection.Sink.RunAsync("v4"u8.ToArray());
        await connection.Sink.CompleteAsync();

        Assert.Equal("v4"u8.ToArray(), await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience));
    }

    [Fact]
    public async Task Handler_that_throws_costs_only_its_connection_and_is_reported()
    {
        var failures = new ConcurrentQueue<ServerFailure>();
        var options = new TcpServerOptions { OnFailure = failures.Enqueue };
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, FailFirstThenEcho());

        await AssertFirstConnectionEndedAndSecondServedAsync(server);

        var failure = Assert.Single(failures);
        Assert.Equal(ServerFailureKind.Handler, failure.Kind);
        Assert.IsType<InvalidDataException>(failure.Exception);
        Assert.NotNull(failure.RemoteEndPoint);
        Assert.Equal(1, server.FailedConnections);
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task Handler_that_throws_resets_its_connection_rather_than_ending_it_cleanly()
    {
        var options = new TcpServerOptions { OnFailure = _ => { } };
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, async c =>
        {
            await Task.Yield();
            throw new InvalidDataException("the exchange broke half way");
        });

        await AssertNextConnectionIsResetAsync(server);
    }

    [Fact]
    public async Task Handler_whose_task_faults_is_reported_like_one_that_throws()
    {
        var reported = new TaskCompletionSource<ServerFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TcpServerOptions { OnFailure = f => reported.TrySetResult(f) };
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, async c =>
        {
            await Task.Yield();
            throw new InvalidDataException("late failure");
        });

        await AssertNextConnectionIsResetAsync(server);

        var failure = await reported.Task.WaitAsync(Patience);
        Assert.Equal("late failure", failure.Exception.Message);
    }

    [Fact]
    public async Task Failure_callback_that_throws_does_not_stop_the_server()
    {
        var options = new TcpServerOptions { OnFailure = _ => throw new InvalidOperationException("callback fails") };
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, FailFirstThenEcho());

        await AssertFirstConnectionEndedAndSecondServedAsync(server);
    }

    [Fact]
    public async Task Connections_beyond_the_maximum_are_reset_at_once_and_counted()
    {
        var options = new TcpServerOptions { MaxConnections = 1 };
        await using var server = await StartEchoServerAsync(IPAddress.Loopback, options);
        await using var admitted = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await admitted.Sink.RunAsync("in"u8.ToArray());
        Assert.Equal("in"u8.ToArray(), await ReadOneChunkAsync(admitted));

        using var rejected = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // The reset may overtake the end of the client's connect, so it shows up there or on the first read.
        var reset = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            await rejected.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
            await ReceiveToEndAsync(rejected);
        });
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.Equal(1, server.RejectedConnections);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task A_slot_frees_up_when_a_connection_ends()
    {
        var options = new TcpServerOptions { MaxConnections = 1 };
        await using var server = await StartEchoServerAsync(IPAddress.Loopback, options);

        for (var i = 0; i < 3; i++)
        {
            await using var connection = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
            await connection.Sink.RunAsync(new[] { (byte)i });
            await connection.Sink.CompleteAsync();
            Assert.Equal(new[] { (byte)i }, await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience));
            await WaitUntilAsync(() => server.ActiveConnections == 0, "the finished connection to leave the server");
        }

        Assert.Equal(0, server.RejectedConnections);
    }

    [Fact]
    public async Task Stop_stops_accepting_and_waits_for_running_handlers()
    {
        var handlerRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async c =>
        {
            handlerRunning.TrySetResult();
            await releaseHandler.Task;
        });
        await using var _ = server;
        await using var client = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await handlerRunning.Task.WaitAsync(Patience);

        var stopping = server.StopAsync();

        await Assert.ThrowsAsync<SocketException>(() => Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience));
        Assert.False(stopping.IsCompleted, "StopAsync finished while a handler still ran.");
        releaseHandler.TrySetResult();
        await stopping.WaitAsync(Patience);
    }

    [Fact]
    public async Task Stop_with_a_cancelled_token_resets_the_connections_still_open()
    {
        // Without ending sources on stop, an echo runs on until the token resets it.
        await using var server = await StartEchoServerAsync(IPAddress.Loopback, new TcpServerOptions { EndSourcesOnStop = false });
        await using var client = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await client.Sink.RunAsync("x"u8.ToArray());
        await ReadOneChunkAsync(client);
        using var cancellation = new CancellationTokenSource();

        var stopping = server.StopAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await stopping.WaitAsync(Patience);
        var reset = await Assert.ThrowsAsync<SocketException>(() => ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Dispose_closes_open_connections_and_waits_for_their_handlers()
    {
        var handlerEnded = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async c =>
        {
            var sink = new RecordingByteSink();
            await c.Source.RunAsync(sink);
            await c.Source.RunAsync(sink);
            handlerEnded.TrySetResult(await sink.Ended);
        });
        await using var client = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await client.Sink.RunAsync("x"u8.ToArray());
        await WaitUntilAsync(() => server.ActiveConnections == 1, "the server to take the connection");

        await server.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.True(handlerEnded.Task.IsCompleted, "DisposeAsync returned before the handler ended.");
        Assert.IsType<SocketException>(await handlerEnded.Task);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Listen_rejects_a_null_handler()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), (Func<IConnection, Task>)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), (Func<IConnection, CancellationToken, Task>)null!));
    }

    [Fact]
    public async Task Listen_on_a_port_in_use_fails_with_address_already_in_use()
    {
        await using var first = await StartEchoServerAsync(IPAddress.Loopback);

        var failure = await Assert.ThrowsAsync<SocketException>(() =>
            Tcp.ListenAsync((IPEndPoint)first.LocalEndPoint, c => Flow.RunAsync(c.Source, c.Sink)));

        Assert.Equal(SocketError.AddressAlreadyInUse, failure.SocketErrorCode);
    }

    /// <summary>A handler that throws for the first connection and echoes on every later one.</summary>
    private static Func<IConnection, Task> FailFirstThenEcho()
    {
        var calls = 0;
        return c => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidDataException("first handler fails")
            : Flow.RunAsync(c.Source, c.Sink);
    }

    private static async Task<byte[]> ReadOneChunkAsync(IConnection connection)
    {
        var sink = new RecordingByteSink();
        await connection.Source.RunAsync(sink).AsTask().WaitAsync(Patience);
        return sink.Received;
    }

    /// <summary>Polls a server counter, which has no event to await, until it holds or the patience runs out.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(2));
        }
    }
}
