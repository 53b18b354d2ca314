using System.Diagnostics;
using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Diagnostics;

/// <summary>The Streamcaps.Net meter, read with a <see cref="System.Diagnostics.Metrics.MeterListener"/>: names,
/// values and tags of what one server measures.</summary>
public class ServerMetricsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task An_echoed_connection_is_active_while_open_and_its_bytes_are_counted_exactly()
    {
        using var metrics = new MetricsRecorder();
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        metrics.Port = port;
        var payload = ByteStreams.RandomBytes(100_000, seed: 3);

        await using (var client = await Tcp.ConnectAsync(server.LocalEndPoint))
        {
            await metrics.WaitUntilAsync(m => m.Sum("streamcaps.net.active_connections") == 1, Bound, "the connection counted as active");
            var echoed = ByteStreams.ReadToEndAsync(client.Source);
            await ByteStreams.WriteInRandomChunksAsync(client.Sink, payload, seed: 4);
            await client.Sink.CompleteAsync();
            Assert.Equal(payload, await echoed.WaitAsync(Bound));
        }

        await metrics.WaitUntilAsync(m => m.Of("streamcaps.net.connection.duration").Any(), Bound, "the connection's duration recorded");
        Assert.Equal(0, metrics.Sum("streamcaps.net.active_connections"));
        Assert.Equal(payload.Length, metrics.Sum("streamcaps.net.connection.bytes_read"));
        Assert.Equal(payload.Length, metrics.Sum("streamcaps.net.connection.bytes_written"));
        var duration = Assert.Single(metrics.Of("streamcaps.net.connection.duration"));
        Assert.False(duration.Tags.ContainsKey("error.type"));
        Assert.Equal("tcp", duration.Tags["network.transport"]);
        Assert.Equal("ipv4", duration.Tags["network.type"]);
        Assert.Equal("127.0.0.1", duration.Tags["server.address"]);
        Assert.Equal(port, duration.Tags["server.port"]);
    }

    [Fact]
    public async Task A_failed_handler_counts_an_error_by_type_and_tags_the_connection_duration()
    {
        using var metrics = new MetricsRecorder();
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, _ => throw new InvalidOperationException("broke"));
        metrics.Port = ((IPEndPoint)server.LocalEndPoint).Port;

        using var client = await RawClient.ConnectAsync(server.LocalEndPoint);
        await metrics.WaitUntilAsync(m => m.Of("streamcaps.net.connection.duration").Any(), Bound, "the failed connection's duration recorded");

        var error = Assert.Single(metrics.Of("streamcaps.net.errors"));
        Assert.Equal("System.InvalidOperationException", error.Tags["error.type"]);
        Assert.Equal("handler", error.Tags["streamcaps.failure.kind"]);
        Assert.Equal("System.InvalidOperationException", Assert.Single(metrics.Of("streamcaps.net.connection.duration")).Tags["error.type"]);
    }

    [Fact]
    public async Task Connections_beyond_MaxConnections_are_counted_as_rejected()
    {
        using var metrics = new MetricsRecorder();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, new TcpServerOptions { MaxConnections = 1, OnFailure = _ => { } }, _ => release.Task);
        metrics.Port = ((IPEndPoint)server.LocalEndPoint).Port;
        try
        {
            await using var first = await Tcp.ConnectAsync(server.LocalEndPoint);
            await metrics.WaitUntilAsync(m => m.Sum("streamcaps.net.active_connections") == 1, Bound, "the first connection active");
            using var second = await RawClient.ConnectAsync(server.LocalEndPoint);
            using var third = await RawClient.ConnectAsync(server.LocalEndPoint);

            await metrics.WaitUntilAsync(m => m.Sum("streamcaps.net.rejected_connections") == 2, Bound, "two rejections counted");
            Assert.Equal(1, metrics.Sum("streamcaps.net.active_connections"));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Tls_handshakes_are_timed_with_their_protocol_and_failures_with_their_error_type()
    {
        using var metrics = new MetricsRecorder();
        await using var server = await Streamcaps.Net.Tls.ListenAsync(AnyLoopbackPort, TestCertificates.ServerOptions(),
            TlsConnectionOptions.Default, new TcpServerOptions { OnFailure = _ => { } }, c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        metrics.Port = port;

        await using (var good = await Streamcaps.Net.Tls.ConnectAsync("localhost", port, TestCertificates.ClientOptions()))
        {
            await good.Sink.CompleteAsync();
            await ByteStreams.ReadToEndAsync(good.Source).WaitAsync(Bound);
        }

        await using (var bad = await Tcp.ConnectAsync(server.LocalEndPoint))
        {
            await bad.Sink.RunAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
            await bad.Sink.CompleteAsync();
            await metrics.WaitUntilAsync(m => m.Of("streamcaps.net.tls_handshake.duration").Count() == 2, Bound, "both handshakes timed");
        }

        var handshakes = metrics.Of("streamcaps.net.tls_handshake.duration").ToList();
        Assert.Contains(handshakes, h => h.Tags.TryGetValue("tls.protocol.version", out var v) && v is "1.3" or "1.2" && !h.Tags.ContainsKey("error.type"));
        Assert.Contains(handshakes, h => h.Tags.TryGetValue("error.type", out var t) && t is "System.Security.Authentication.AuthenticationException");
        Assert.All(handshakes, h => Assert.InRange(h.Value, 0, Bound.TotalSeconds));
    }

    [Fact]
    public async Task Timeouts_are_counted_by_kind()
    {
        using var metrics = new MetricsRecorder();
        var options = new TcpServerOptions
        {
            OnFailure = _ => { },
            Connection = new TcpConnectionOptions { IdleReadTimeout = TimeSpan.FromMilliseconds(200) },
        };
        await using var idleServer = await Tcp.ListenAsync(AnyLoopbackPort, options, c => Flow.RunAsync(c.Source, c.Sink));
        metrics.Port = ((IPEndPoint)idleServer.LocalEndPoint).Port;

        await using var silent = await Tcp.ConnectAsync(idleServer.LocalEndPoint);

        await metrics.WaitUntilAsync(m => m.Of("streamcaps.net.timeouts").Any(), Bound, "the idle read timeout counted");
        Assert.Equal("idle_read", Assert.Single(metrics.Of("streamcaps.net.timeouts")).Tags["streamcaps.timeout.kind"]);
    }

    [OptimizedOnlyFact]
    public void Counting_bytes_allocates_nothing_with_a_listener_enabled()
    {
        // A listener that aggregates as OpenTelemetry's does: it adds, and allocates nothing per measurement.
        long counted = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamcapsNetDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        var diagnostics = new ServerDiagnostics(new IPEndPoint(IPAddress.Loopback, 1), new TcpServerOptions { OnFailure = _ => { } });
        diagnostics.BytesRead(1);
        diagnostics.BytesWritten(1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            diagnostics.BytesRead(1024);
            diagnostics.BytesWritten(1024);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(Interlocked.Read(ref counted) >= 2 * 10_000 * 1024, "the listener saw the measurements");
    }

    [Fact]
    public async Task Connections_and_handshakes_are_traced_as_activities_when_a_listener_samples_them()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StreamcapsNetDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await Streamcaps.Net.Tls.ListenAsync(AnyLoopbackPort, TestCertificates.ServerOptions(),
            c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        await using (var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", port, TestCertificates.ClientOptions()))
        {
            await client.Sink.CompleteAsync();
            await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Bound);
        }

        await server.StopAsync().WaitAsync(Bound);
        var ours = stopped.Where(a => a.GetTagItem("server.port") is int p && p == port).ToList();
        var connection = Assert.Single(ours, a => a.OperationName == "streamcaps.net.connection");
        var handshake = Assert.Single(stopped, a => a.OperationName == "streamcaps.net.tls_handshake" && a.ParentId == connection.Id);
        Assert.Equal(ActivityKind.Server, connection.Kind);
        Assert.Equal("127.0.0.1", connection.GetTagItem("client.address"));
        Assert.Equal(ActivityStatusCode.Unset, connection.Status);
        Assert.NotNull(handshake.GetTagItem("tls.protocol.version"));
    }
}
