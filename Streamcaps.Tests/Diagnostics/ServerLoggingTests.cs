using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Diagnostics;

/// <summary>The events a server logs through <see cref="TcpServerOptions.LoggerFactory"/>: which, at which level,
/// with which event id (the README's table).</summary>
public class ServerLoggingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task A_handler_that_throws_is_logged_as_an_error_with_its_exception()
    {
        var logs = new RecordingLoggerFactory();
        var thrown = new InvalidOperationException("the handler broke");
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, new TcpServerOptions { LoggerFactory = logs }, _ => throw thrown);

        using var client = await RawClient.ConnectAsync(server.LocalEndPoint);
        var entry = await logs.WaitForAsync(e => e.EventId.Id == 23, Bound);

        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("HandlerFailed", entry.EventId.Name);
        Assert.Equal(StreamcapsNetDiagnostics.LoggerCategory, entry.Category);
        Assert.Same(thrown, entry.Exception);
        Assert.Contains("127.0.0.1", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_failure_is_logged_even_when_OnFailure_is_set()
    {
        var logs = new RecordingLoggerFactory();
        var reported = new TaskCompletionSource<ServerFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TcpServerOptions { LoggerFactory = logs, OnFailure = f => reported.TrySetResult(f) };
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, options, _ => throw new InvalidOperationException("broke"));

        using var client = await RawClient.ConnectAsync(server.LocalEndPoint);

        Assert.Equal(ServerFailureKind.Handler, (await reported.Task.WaitAsync(Bound)).Kind);
        await logs.WaitForAsync(e => e.EventId.Id == 23, Bound);
    }

    [Fact]
    public async Task A_failed_tls_handshake_is_logged_as_information()
    {
        var logs = new RecordingLoggerFactory();
        await using var server = await Streamcaps.Net.Tls.ListenAsync(AnyLoopbackPort, TestCertificates.ServerOptions(),
            TlsConnectionOptions.Default, new TcpServerOptions { LoggerFactory = logs }, c => Flow.RunAsync(c.Source, c.Sink));

        await using (var client = await Tcp.ConnectAsync(server.LocalEndPoint))
        {
            await client.Sink.RunAsync("this is not a ClientHello\r\n\r\n"u8.ToArray());
            await client.Sink.CompleteAsync();
            var entry = await logs.WaitForAsync(e => e.EventId.Id == 21, Bound);

            Assert.Equal(LogLevel.Information, entry.Level);
            Assert.IsType<System.Security.Authentication.AuthenticationException>(entry.Exception);
        }
    }

    [Fact]
    public async Task A_tls_handshake_timeout_is_logged_as_its_own_event()
    {
        var logs = new RecordingLoggerFactory();
        var tls = new TlsConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(200) };
        await using var server = await Streamcaps.Net.Tls.ListenAsync(AnyLoopbackPort, TestCertificates.ServerOptions(),
            tls, new TcpServerOptions { LoggerFactory = logs }, c => Flow.RunAsync(c.Source, c.Sink));

        // A client that connects and says nothing.
        await using var silent = await Tcp.ConnectAsync(server.LocalEndPoint);
        var entry = await logs.WaitForAsync(e => e.EventId.Id == 22, Bound);

        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.IsType<TimeoutException>(entry.Exception);
    }

    [Fact]
    public async Task An_idle_read_timeout_that_ends_the_handler_is_logged_as_a_timeout_not_an_error()
    {
        var logs = new RecordingLoggerFactory();
        var options = new TcpServerOptions
        {
            LoggerFactory = logs,
            Connection = new TcpConnectionOptions { IdleReadTimeout = TimeSpan.FromMilliseconds(200) },
        };
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, options, c => Flow.RunAsync(c.Source, c.Sink));

        await using var silent = await Tcp.ConnectAsync(server.LocalEndPoint);
        var entry = await logs.WaitForAsync(e => e.EventId.Id == 24, Bound);

        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_connection_beyond_MaxConnections_is_logged_as_a_warning_that_names_the_limit()
    {
        var logs = new RecordingLoggerFactory();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TcpServerOptions { LoggerFactory = logs, MaxConnections = 1 };
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, options, _ => release.Task);
        try
        {
            await using var first = await Tcp.ConnectAsync(server.LocalEndPoint);
            await logs.WaitForAsync(e => e.EventId.Id == 2, Bound);
            using var second = await RawClient.ConnectAsync(server.LocalEndPoint);
            var entry = await logs.WaitForAsync(e => e.EventId.Id == 10, Bound);

            Assert.Equal(LogLevel.Warning, entry.Level);
            Assert.Contains("MaxConnections = 1", entry.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task Events_below_the_logger_level_are_never_formatted()
    {
        var logs = new RecordingLoggerFactory(LogLevel.Warning);
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, new TcpServerOptions { LoggerFactory = logs },
            c => Flow.RunAsync(c.Source, c.Sink));

        for (var i = 0; i < 3; i++)
        {
            await using var client = await Tcp.ConnectAsync(server.LocalEndPoint);
            await client.Sink.RunAsync("ping"u8.ToArray());
            await client.Sink.CompleteAsync();
            Assert.Equal("ping"u8.ToArray(), await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Bound));
        }

        await server.StopAsync().WaitAsync(Bound);
        Assert.Equal(0, logs.Formatted);
    }

    [Fact]
    public async Task Accepted_and_closed_connections_are_debug_events()
    {
        var logs = new RecordingLoggerFactory();
        await using var server = await Tcp.ListenAsync(AnyLoopbackPort, new TcpServerOptions { LoggerFactory = logs },
            c => Flow.RunAsync(c.Source, c.Sink));

        await using (var client = await Tcp.ConnectAsync(server.LocalEndPoint))
        {
            await client.Sink.CompleteAsync();
            await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Bound);
        }

        Assert.Equal(LogLevel.Debug, (await logs.WaitForAsync(e => e.EventId.Id == 2, Bound)).Level);
        Assert.Equal(LogLevel.Debug, (await logs.WaitForAsync(e => e.EventId.Id == 3, Bound)).Level);
        Assert.Equal(LogLevel.Information, (await logs.WaitForAsync(e => e.EventId.Id == 1, Bound)).Level);
    }
}
