using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>The graceful stop: accept ends at once, flows end at an item boundary, every delivered byte goes
/// out before a FIN, and only what is still open at the deadline is reset.</summary>
public class ServerStopTests
{
    private const int Clients = 8;
    private const int ChunkSize = 16 * 1024;

    [Fact]
    public async Task Stop_under_load_echoes_every_delivered_byte_and_ends_each_connection_with_a_FIN()
    {
        var failures = new List<ServerFailure>();
        var options = new TcpServerOptions { OnFailure = f => { lock (failures) { failures.Add(f); } } };
        await using var server = await StartEchoServerAsync(IPAddress.Loopback, options);
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => StreamingClient.StartAsync(server.LocalEndPoint)));
        await Task.WhenAll(clients.Select(c => c.EchoedAtLeastAsync(256 * 1024)));

        var clock = Stopwatch.StartNew();
        await server.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).WaitAsync(TimeSpan.FromSeconds(40));
        clock.Stop();

        foreach (var client in clients)
        {
            var outcome = await client.Finished.WaitAsync(Patience);
            Assert.True(outcome.Reset is null, $"A client was reset instead of closed: {outcome.Reset}");
            Assert.True(outcome.Echoed.Length >= 256 * 1024, "The echo did not flow before the stop.");
            Assert.True(outcome.Echoed.Length <= outcome.Sent, "More came back than was sent.");
            StreamingClient.AssertPattern(outcome.Echoed);
        }

        Assert.Empty(failures);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"The graceful stop took {clock.Elapsed}, as long as its deadline.");
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task Stop_refuses_new_connections_at_once_while_connections_finish()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async c =>
        {
            running.TrySetResult();
            await release.Task;
        });
        await using var client = await Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await running.Task.WaitAsync(Patience);

        var stopping = server.StopAsync();

        var refused = await Assert.ThrowsAsync<SocketException>(() => Tcp.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(stopping.IsCompleted);
        release.TrySetResult();
        await stopping.WaitAsync(Patience);
    }

    [Fact]
    public async Task Handler_that_ignores_the_stop_is_reset_at_the_deadline_and_stop_returns_then()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = TimeSpan.FromMilliseconds(500);
        var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), new TcpServerOptions { ShutdownTimeout = deadline }, async c =>
        {
            running.TrySetResult();
            await release.Task;
        });
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
            await running.Task.WaitAsync(Patience);

            var clock = Stopwatch.StartNew();
            await server.StopAsync().WaitAsync(Patience);
            clock.Stop();

            Assert.InRange(clock.Elapsed, deadline * 0.9, deadline + TimeSpan.FromSeconds(5));
            var reset = await Assert.ThrowsAsync<SocketException>(() => ReceiveToEndAsync(client));
            Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        }
        finally
        {
            release.TrySetResult();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Handler_learns_of_the_stop_through_its_token_and_its_answer_still_goes_out()
    {
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async (c, stopping) =>
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = stopping.Register(() => stopped.TrySetResult());
            await stopped.Task;
            await c.Sink.RunAsync("goodbye\n"u8.ToArray(), CancellationToken.None);
            await c.Sink.CompleteAsync(CancellationToken.None);
        });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await WaitUntilAsync(() => server.ActiveConnections == 1);

        var stopping = server.StopAsync();
        var received = await ReceiveToEndAsync(client);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal("goodbye\n"u8.ToArray(), received);
        await stopping.WaitAsync(Patience);
    }

    [Fact]
    public async Task Tls_echo_stops_with_close_notify_after_every_delivered_byte()
    {
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        await using var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", port, TestCertificates.ClientOptions()).WaitAsync(Patience);
        await client.Sink.RunAsync("before the stop"u8.ToArray());
        var first = new RecordingByteSink();
        await client.Source.RunAsync(first).AsTask().WaitAsync(Patience);
        Assert.Equal("before the stop"u8.ToArray(), first.Received);

        var stopping = server.StopAsync();

        // The source completes only on close_notify: a cut stream would fail with IOException.
        Assert.Empty(await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
        await client.Sink.CompleteAsync();
        await stopping.WaitAsync(Patience);
    }

    [Fact]
    public async Task Without_ending_sources_a_stop_leaves_the_stream_running_until_the_deadline_resets_it()
    {
        var options = new TcpServerOptions { EndSourcesOnStop = false, ShutdownTimeout = TimeSpan.FromMilliseconds(300) };
        await using var server = await StartEchoServerAsync(IPAddress.Loopback, options);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.LocalEndPoint).WaitAsync(Patience);
        await client.SendAsync("x"u8.ToArray());
        var one = new byte[1];
        Assert.Equal(1, await client.ReceiveAsync(one).WaitAsync(Patience));

        await server.StopAsync().WaitAsync(Patience);

        var reset = await Assert.ThrowsAsync<SocketException>(() => ReceiveToEndAsync(client));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Shutdown_timeout_rejects_a_negative_value_and_defaults_to_30_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), TcpServerOptions.Default.ShutdownTimeout);
        Assert.True(TcpServerOptions.Default.EndSourcesOnStop);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(-1) });
        _ = new TcpServerOptions { ShutdownTimeout = Timeout.InfiniteTimeSpan };
        await Task.CompletedTask;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the server to take the connection.");
            await Task.Delay(TimeSpan.FromMilliseconds(2));
        }
    }

    /// <summary>A raw-socket client that sends a known byte pattern without pause and reads the echo at the same
    /// time, until the server ends the echo; then it stops sending and half-closes, as a well-behaved client does.</summary>
    private sealed class StreamingClient : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly MemoryStream _echoed = new();
        private volatile bool _serverEnded;
        private long _sent;

        public Task<Outcome> Finished { get; private set; } = null!;

        public void Dispose()
        {
            _socket.Dispose();
            _echoed.Dispose();
        }

        public static async Task<StreamingClient> StartAsync(EndPoint server)
        {
            var client = new StreamingClient();
            await client._socket.ConnectAsync(server).WaitAsync(Patience);
            client.Finished = client.RunAsync();
            return client;
        }

        /// <summary>Each byte is its offset modulo 251, so any slip, loss or duplication shows.</summary>
        public static void AssertPattern(byte[] echoed)
        {
            for (var i = 0; i < echoed.Length; i++)
            {
                if (echoed[i] != (byte)(i % 251))
                {
                    Assert.Fail($"Echoed byte {i} is {echoed[i]}, expected {(byte)(i % 251)}.");
                }
            }
        }

        public async Task EchoedAtLeastAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (true)
            {
                lock (_echoed)
                {
                    if (_echoed.Length >= count)
                    {
                        return;
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, "The echo did not flow.");
                await Task.Delay(5);
            }
        }

        private async Task<Outcome> RunAsync()
        {
            var writing = WriteAsync();
            SocketException? reset = null;
            try
            {
                var buffer = new byte[64 * 1024];
                int count;
                while ((count = await _socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(40))) > 0)
                {
                    lock (_echoed)
                    {
                        _echoed.Write(buffer, 0, count);
                    }
                }
            }
            catch (SocketException failure)
            {
                reset = failure;
            }

            _serverEnded = true;
            await writing;
            _socket.Dispose();
            lock (_echoed)
            {
                return new Outcome(_echoed.ToArray(), Interlocked.Read(ref _sent), reset);
            }
        }

        private async Task WriteAsync()
        {
            await Task.Yield();
            var chunk = new byte[ChunkSize];
            long offset = 0;
            try
            {
                while (!_serverEnded)
                {
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        chunk[i] = (byte)((offset + i) % 251);
                    }

                    await _socket.SendAsync(chunk).WaitAsync(TimeSpan.FromSeconds(40));
                    offset += chunk.Length;
                    Interlocked.Exchange(ref _sent, offset);
                }

                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The reader reports how the connection ended.
            }
        }

        public sealed record Outcome(byte[] Echoed, long Sent, SocketException? Reset);
    }
}
