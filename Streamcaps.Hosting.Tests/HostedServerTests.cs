using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamcaps.Hosting;
using Streamcaps.Net;
using Streamcaps.Testing;
using Streamcaps.Tests.Support;

namespace Streamcaps.Hosting.Tests;

/// <summary>Servers registered with AddStreamcapsServer, run by a real generic host: bound on start from
/// configuration, validated, served by handlers from DI, drained on stop.</summary>
public class HostedServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_servers_tcp_and_tls_bind_on_start_and_serve_with_handlers_from_DI()
    {
        using var files = new TempDirectory();
        var certificate = TlsCertificates.CreateSelfSigned("localhost");
        await File.WriteAllTextAsync(files.File("cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(files.File("key.pem"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        using var host = BuildHost(new()
        {
            ["Echo:Port"] = "0",
            ["Shout:Port"] = "0",
            ["Shout:Tls:CertificateFile"] = files.File("cert.pem"),
            ["Shout:Tls:KeyFile"] = files.File("key.pem"),
        }, services =>
        {
            services.AddSingleton(new Greeting("hello from DI: "));
            services.AddStreamcapsServer<GreetingEchoHandler>("Echo");
            services.AddStreamcapsServer("Shout", (connection, scope, _) =>
                Flow.RunAsync(connection.Source.Through(Pump.Map<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(
                    chunk => System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(chunk.Span).ToUpperInvariant()))), connection.Sink, CancellationToken.None));
        });

        await host.StartAsync().WaitAsync(Bound);
        var echo = host.Services.GetRequiredKeyedService<StreamcapsHostedServer>("Echo");
        var shout = host.Services.GetRequiredKeyedService<StreamcapsHostedServer>("Shout");

        Assert.Equal("hello from DI: ping", await ExchangeAsync(await Tcp.ConnectAsync(echo.LocalEndPoint!), "ping"));
        var client = new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = TlsCertificates.TrustOnly(X509CertificateLoader.LoadCertificate(certificate.RawData)),
        };
        var port = ((IPEndPoint)shout.LocalEndPoint!).Port;
        Assert.Equal("QUIET", await ExchangeAsync(await Streamcaps.Net.Tls.ConnectAsync("127.0.0.1", port, client), "quiet"));
        await host.StopAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task Bad_options_stop_the_start_with_every_bad_option_named_with_its_value()
    {
        using var host = BuildHost(new()
        {
            ["Echo:Port"] = "70000",
            ["Echo:MaxConnections"] = "0",
            ["Echo:Address"] = "localhost:80",
            ["Echo:IdleReadTimeout"] = "-00:00:05",
        }, services => services.AddStreamcapsServer<GreetingEchoHandler>("Echo"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(Bound));

        Assert.Contains("Echo:Port is '70000'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Echo:MaxConnections is '0'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Echo:Address is 'localhost:80'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Echo:IdleReadTimeout is '-00:00:05'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tls_server_whose_certificate_file_is_missing_does_not_start_and_says_which_file()
    {
        using var host = BuildHost(new()
        {
            ["Secure:Tls:CertificateFile"] = "/no/such/cert.pem",
        }, services => services.AddStreamcapsServer<GreetingEchoHandler>("Secure"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(Bound));

        Assert.Contains("Secure:Tls:CertificateFile is '/no/such/cert.pem'; no such file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_two_servers_with_one_name_is_refused()
    {
        var services = new ServiceCollection();
        services.AddStreamcapsServer<GreetingEchoHandler>("Echo");

        var failure = Assert.Throws<ArgumentException>(() => services.AddStreamcapsServer<GreetingEchoHandler>("Echo"));
        Assert.Contains("'Echo'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_ends_an_open_exchange_at_an_item_boundary_with_a_FIN_and_accepts_no_new_connection()
    {
        using var host = BuildHost(new() { ["Echo:Port"] = "0" }, services =>
        {
            services.AddSingleton(new Greeting(""));
            services.AddStreamcapsServer<GreetingEchoHandler>("Echo");
        });
        await host.StartAsync().WaitAsync(Bound);
        var echo = host.Services.GetRequiredKeyedService<StreamcapsHostedServer>("Echo");
        await using var open = await Tcp.ConnectAsync(echo.LocalEndPoint!);
        using var reader = open.CreateReader();
        await open.Sink.RunAsync("first half "u8.ToArray());
        Assert.Equal("first half "u8.ToArray(), await reader.ReadExactlyAsync(11).AsTask().WaitAsync(Bound));

        var stopping = host.StopAsync();
        await WaitForAsync(() => !CanConnect(echo.LocalEndPoint!), "the listener to close");

        // The server's graceful stop ended the connection's source at an item boundary: the flow completed its
        // sink, so the client sees a clean end (FIN) after everything echoed, and the stop finishes.
        Assert.Equal(0, await reader.ReadAsync(new byte[16]).AsTask().WaitAsync(Bound));
        Assert.True(reader.IsCompleted, "the exchange ended cleanly, not with a reset");
        await stopping.WaitAsync(Bound);
    }

    [Fact]
    public async Task Stopping_resets_what_is_still_open_when_the_host_shutdown_timeout_fires()
    {
        using var host = BuildHost(new() { ["Echo:Port"] = "0" }, services =>
        {
            services.AddSingleton(new Greeting(""));
            services.AddStreamcapsServer<GreetingEchoHandler>("Echo");
            services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        });
        await host.StartAsync().WaitAsync(Bound);
        var echo = host.Services.GetRequiredKeyedService<StreamcapsHostedServer>("Echo");
        await using var idle = await Tcp.ConnectAsync(echo.LocalEndPoint!);
        await WaitForAsync(() => echo.Server!.ActiveConnections == 1, "the connection to be served");

        await host.StopAsync().WaitAsync(Bound);

        var reset = await Assert.ThrowsAsync<SocketException>(() => ByteStreams.ReadToEndAsync(idle.Source).WaitAsync(Bound));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Hosted_servers_log_through_the_host_logger_factory()
    {
        var logs = new List<string>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Echo:Port"] = "0" });
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.Services.AddStreamcapsServer("Echo", (_, _, _) => throw new InvalidOperationException("handler bug"));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(Bound);
        var echo = host.Services.GetRequiredKeyedService<StreamcapsHostedServer>("Echo");

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await socket.ConnectAsync(echo.LocalEndPoint!);
            }
            catch (SocketException)
            {
                // The server may reset before the connect completes here: it saw the connection all the same.
            }

            await WaitForAsync(() => echo.Server!.FailedConnections == 1, "the handler failure");
        }

        await host.StopAsync().WaitAsync(Bound);
        lock (logs)
        {
            Assert.Contains(logs, line => line.StartsWith("Error Streamcaps.Net.Server[23]", StringComparison.Ordinal));
            Assert.Contains(logs, line => line.StartsWith("Information Streamcaps.Hosting.StreamcapsHostedServer[100]", StringComparison.Ordinal));
            Assert.Contains(logs, line => line.StartsWith("Information Streamcaps.Hosting.StreamcapsHostedServer[102]", StringComparison.Ordinal));
        }
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        configure(builder.Services);
        return builder.Build();
    }

    private static async Task<string> ExchangeAsync(IConnection connection, string text)
    {
        await using var _ = connection;
        await connection.Sink.RunAsync(System.Text.Encoding.ASCII.GetBytes(text));
        await connection.Sink.CompleteAsync();
        return System.Text.Encoding.ASCII.GetString(await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Bound));
    }

    private static bool CanConnect(EndPoint endPoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Bound} for {what}.");
            await Task.Delay(10);
        }
    }
}
