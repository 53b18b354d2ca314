using System.Net;
using System.Security.Cryptography.X509Certificates;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Cli;

/// <summary>TLS with the CLI: wrapping a plain service for <c>openssl s_client</c>, reaching a TLS service from
/// stdio, mutual TLS, and the exit codes of a rejected certificate.</summary>
public sealed class CliTlsTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public CliTlsTests()
    {
        File.WriteAllText(_files.File("ca.pem"), TestCertificates.Authority.ExportCertificatePem());
        WriteIdentity("server", TestCertificates.Server);
        WriteIdentity("client", TestCertificates.Client);
    }

    [Fact]
    public async Task A_plain_server_wrapped_in_TLS_answers_openssl_s_client()
    {
        // A plain line service: reads one request line, answers it upper-cased and closes (s_client -quiet reads
        // until the server closes).
        var request = "hello through TLS\n"u8.ToArray();
        await using var plain = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async connection =>
        {
            var line = await connection.CreateReader().ReadExactlyAsync(request.Length);
            await connection.Sink.RunAsync(System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(line).ToUpperInvariant()));
            await connection.Sink.CompleteAsync();
        });
        await using var terminator = CliProcess.Start(
            $"tls-listen:0,bind=127.0.0.1,fork,cert={_files.File("server.pem")},key={_files.File("server.key")}",
            $"tcp:127.0.0.1:{((IPEndPoint)plain.LocalEndPoint).Port}");
        var endPoint = await terminator.WaitForListeningAsync();

        var client = await ToolProcess.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{endPoint.Port}", "-CAfile", _files.File("ca.pem"), "-verify_hostname", "localhost",
             "-verify_return_error", "-quiet"],
            request);

        Assert.Equal("HELLO THROUGH TLS\n"u8.ToArray(), client.Output);
    }

    [Fact]
    public async Task Stdio_reaches_a_TLS_echo_server_trusting_only_its_authority()
    {
        await using var server = await Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        var result = await CliProcess.RunAsync(["stdio", $"tls:localhost:{port},ca={_files.File("ca.pem")}"], "secret"u8.ToArray());

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal("secret"u8.ToArray(), result.Output);
    }

    [Fact]
    public async Task A_server_certificate_from_an_untrusted_authority_exits_with_6()
    {
        await using var server = await Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(TestCertificates.SelfSigned),
            c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        var result = await CliProcess.RunAsync(["stdio", $"tls:localhost:{port},ca={_files.File("ca.pem")}"], "secret"u8.ToArray());

        Assert.Equal(6, result.ExitCode);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Verify_0_connects_to_an_untrusted_server_and_says_so_on_stderr()
    {
        await using var server = await Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(TestCertificates.SelfSigned),
            c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        var result = await CliProcess.RunAsync(["stdio", $"tls:127.0.0.1:{port},verify=0"], "unchecked"u8.ToArray());

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal("unchecked"u8.ToArray(), result.Output);
        Assert.Contains("NOT checked", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_TLS_serves_a_client_with_a_certificate_and_rejects_one_without()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        await using var terminator = CliProcess.Start(
            $"tls-listen:0,bind=127.0.0.1,fork,cert={_files.File("server.pem")},key={_files.File("server.key")},client-ca={_files.File("ca.pem")}",
            $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}");
        var endPoint = await terminator.WaitForListeningAsync();
        var address = $"tls:localhost:{endPoint.Port},ca={_files.File("ca.pem")}";

        var withCertificate = await CliProcess.RunAsync(
            ["stdio", $"{address},cert={_files.File("client.pem")},key={_files.File("client.key")}"], "mutual"u8.ToArray());
        var without = await CliProcess.RunAsync(["stdio", address], "anonymous"u8.ToArray());

        Assert.True(withCertificate.ExitCode == 0, withCertificate.Errors);
        Assert.Equal("mutual"u8.ToArray(), withCertificate.Output);
        Assert.NotEqual(0, without.ExitCode);
        Assert.Empty(without.Output);
    }

    public void Dispose() => _files.Dispose();

    private void WriteIdentity(string name, X509Certificate2 certificate)
    {
        File.WriteAllText(_files.File(name + ".pem"), certificate.ExportCertificatePem());
        File.WriteAllText(_files.File(name + ".key"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }
}
