using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>How every sample server starts and stops, as a user sees it: a bad or busy port is one line on
/// stderr and an exit code, and SIGTERM or SIGINT stops the server gracefully: the open connections end with
/// a FIN after what they were sent, and the process exits with 0.</summary>
public sealed class SampleServerLifecycleTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"streamcaps-lifecycle-{Guid.NewGuid():N}.pem");

    public static TheoryData<string, PosixSignal> ServersAndSignals()
    {
        var data = new TheoryData<string, PosixSignal>();
        foreach (var server in new[] { "EchoServer", "ChatServer", "HttpServer", "TlsEchoServer" })
        {
            data.Add(server, PosixSignal.SIGTERM);
            data.Add(server, PosixSignal.SIGINT);
        }

        return data;
    }

    public static TheoryData<string> Servers => new() { "EchoServer", "ChatServer", "HttpServer", "TlsEchoServer" };

    public void Dispose() => File.Delete(_certificatePath);

    [Theory]
    [MemberData(nameof(ServersAndSignals))]
    public async Task A_signal_stops_the_server_gracefully_its_open_connection_ends_with_a_FIN_and_it_exits_0(string name, PosixSignal signal)
    {
        await using var server = SampleProcess.Start(name, ["0", .. name == "TlsEchoServer" ? new[] { _certificatePath } : []]);
        var endPoint = await server.WaitForListeningAsync();
        await using var client = await ConnectAndExchangeAsync(name, endPoint);

        await server.SignalAsync(signal);

        // The server's end of the connection: a clean end after what it had to send, never a reset.
        await ReadToCleanEndAsync(client).WaitAsync(Bound);
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("stopping", server.Output, StringComparison.Ordinal);
        Assert.Contains("stopped", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_stops_on_sigterm_after_its_open_exchange_finished_and_exits_0()
    {
        await using var echo = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), c => Flow.RunAsync(c.Source, c.Sink));
        var upstreamPort = ((IPEndPoint)echo.LocalEndPoint).Port.ToString(CultureInfo.InvariantCulture);
        await using var proxy = SampleProcess.Start("Proxy", "0", "127.0.0.1", upstreamPort);
        var endPoint = await proxy.WaitForListeningAsync();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(endPoint).WaitAsync(Bound);
        await client.SendAsync("through the proxy"u8.ToArray()).WaitAsync(Bound);
        // The echo back proves the proxy accepted the connection: one still in the kernel's accept queue when the
        // listener closes is reset by the kernel, before any server could serve it.
        var echoed = new byte[17];
        for (var read = 0; read < echoed.Length;)
        {
            read += await client.ReceiveAsync(echoed.AsMemory(read)).AsTask().WaitAsync(Bound);
        }

        await proxy.SignalAsync(PosixSignal.SIGTERM);
        await proxy.WaitForLineAsync(line => line == "stopping");

        // The proxy does not cut the exchange: the client finishes it (its FIN goes upstream, the upstream's comes
        // back), and the end is clean.
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal("through the proxy", Encoding.ASCII.GetString(echoed));
        Assert.Empty(await Net.TcpLoopback.ReceiveToEndAsync(client));
        Assert.Equal(0, await proxy.WaitForExitAsync());
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_port_that_is_not_a_number_is_one_line_on_stderr_and_exit_code_2(string name)
    {
        await using var server = SampleProcess.Start(name, "http");

        Assert.Equal(2, await server.WaitForExitAsync());
        AssertOneClearLine(server.Errors, "'http' is not a port");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_port_in_use_is_one_line_on_stderr_and_exit_code_1(string name)
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        await using var server = SampleProcess.Start(name, [port, .. name == "TlsEchoServer" ? new[] { _certificatePath } : []]);

        Assert.Equal(1, await server.WaitForExitAsync());
        AssertOneClearLine(server.Errors, "the port is in use");
    }

    [Fact]
    public async Task Tls_echo_server_writes_its_certificate_to_the_temporary_folder_by_default()
    {
        await using var server = SampleProcess.Start("TlsEchoServer", "0");
        await server.WaitForListeningAsync();

        var line = server.Output.Split('\n').Single(l => l.StartsWith("certificate ", StringComparison.Ordinal));
        var path = line.Split(' ')[1];
        Assert.Equal(Path.GetFullPath(Path.GetTempPath()), Path.GetDirectoryName(path) + Path.DirectorySeparatorChar);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    private static void AssertOneClearLine(string errors, string expected)
    {
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"Expected one line on stderr, got:\n{errors}");
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    /// <summary>Opens a connection the sample is serving when the signal comes: an echo that flowed, a chat
    /// member that joined, an HTTP keep-alive connection after its first response, a TLS echo.</summary>
    private async Task<IConnection> ConnectAndExchangeAsync(string name, IPEndPoint endPoint)
    {
        var port = endPoint.Port;
        var connection = name == "TlsEchoServer"
            ? await Streamcaps.Net.Tls.ConnectAsync("localhost", port, TrustingOnly(_certificatePath)).WaitAsync(Bound)
            : await Tcp.ConnectAsync(endPoint).WaitAsync(Bound);
        var (request, expected) = name switch
        {
            "ChatServer" => ("hi\n", "joined"),
            "HttpServer" => ("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", "Hello, World!"),
            _ => ("hello\n", "hello\n"),
        };
        await connection.Sink.RunAsync(Encoding.ASCII.GetBytes(request)).AsTask().WaitAsync(Bound);
        var seen = new StringBuilder();
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var chunk = new Support.RecordingByteSink();
            await connection.Source.RunAsync(chunk).AsTask().WaitAsync(Bound);
            Assert.True(chunk.Received.Length > 0, $"The connection ended before '{expected}'; got '{seen}'.");
            seen.Append(Encoding.ASCII.GetString(chunk.Received));
        }

        return connection;
    }

    private static System.Net.Security.SslClientAuthenticationOptions TrustingOnly(string certificatePath) => new()
    {
        TargetHost = "localhost",
        CertificateChainPolicy = TlsCertificates.TrustOnly(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(certificatePath)),
    };

    /// <summary>Reads until the source completes; a reset (or a TLS stream cut without close_notify) fails.</summary>
    private static async Task ReadToCleanEndAsync(IConnection connection)
    {
        await Flow.RunAsync(connection.Source, Sink.Null<ReadOnlyMemory<byte>>());
    }
}
