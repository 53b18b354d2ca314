using Streamcaps.Tests.Conformance;
using System.Collections.Concurrent;
using System.Net;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>The per-connection setup step TLS builds on: it runs before the handler, and its failure costs
/// only that connection.</summary>
public class ServerSetupTests
{
    [Fact]
    public async Task Handler_sees_the_connection_the_setup_step_returned()
    {
        var seen = new TaskCompletionSource<IConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Server.Start(new IPEndPoint(IPAddress.Loopback, 0), TcpServerOptions.Default,
            c =>
            {
                seen.TrySetResult(c);
                return Flow.RunAsync(c.Source, c.Sink);
            },
            (tcp, _) => Task.FromResult<IConnection>(new Labelled(tcp)));

        await using var client = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await client.Sink.CompleteAsync();
        await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience);

        Assert.IsType<Labelled>(await seen.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Setup_failure_costs_only_its_connection_and_is_reported_as_setup()
    {
        var failures = new ConcurrentQueue<ServerFailure>();
        var options = new TcpServerOptions { OnFailure = failures.Enqueue };
        var setups = 0;
        await using var server = Server.Start(new IPEndPoint(IPAddress.Loopback, 0), options,
            c => Flow.RunAsync(c.Source, c.Sink),
            (tcp, _) => Interlocked.Increment(ref setups) == 1
                ? Task.FromException<IConnection>(new InvalidDataException("handshake failed"))
                : Task.FromResult(tcp));

        await AssertFirstConnectionEndedAndSecondServedAsync(server);

        var failure = Assert.Single(failures);
        Assert.Equal(ServerFailureKind.Setup, failure.Kind);
        Assert.Equal(1, server.FailedConnections);
    }

    [Fact]
    public async Task Setup_step_is_cancelled_when_the_server_is_disposed()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Server.Start(new IPEndPoint(IPAddress.Loopback, 0), TcpServerOptions.Default,
            c => Task.CompletedTask,
            async (tcp, token) =>
            {
                token.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, token);
                return tcp;
            });
        await using var client = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);

        await server.DisposeAsync().AsTask().WaitAsync(Patience);

        await cancelled.Task.WaitAsync(Patience);
    }

    /// <summary>A connection decorator, standing in for what a TLS setup returns.</summary>
    private sealed class Labelled(IConnection inner) : IConnection
    {
        public ISource<ReadOnlyMemory<byte>> Source => inner.Source;

        public ISink<ReadOnlyMemory<byte>> Sink => inner.Sink;

        public EndPoint LocalEndPoint => inner.LocalEndPoint;

        public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
