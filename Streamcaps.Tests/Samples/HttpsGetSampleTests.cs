using System.Globalization;
using System.Net;
using System.Text;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>The HttpsGet sample run as a process against a local HTTPS server (there is no internet here).</summary>
public sealed class HttpsGetSampleTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _authorityPath = Path.Combine(Path.GetTempPath(), $"streamcaps-ca-{Guid.NewGuid():N}.pem");

    public HttpsGetSampleTests() => File.WriteAllText(_authorityPath, TestCertificates.Authority.ExportCertificatePem());

    public void Dispose() => File.Delete(_authorityPath);

    [Fact]
    public async Task Get_with_a_private_authority_prints_the_response_and_sends_a_proper_request()
    {
        await using var server = await HttpsServer.StartAsync(TestCertificates.Server, closeNotify: true);

        var run = await RunAsync($"https://localhost:{server.Port}/hello?x=1", "--ca", _authorityPath);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello from https", run.Output, StringComparison.Ordinal);
        var request = await server.Request.WaitAsync(Bound);
        Assert.StartsWith("GET /hello?x=1 HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains($"Host: localhost:{server.Port}\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_from_an_untrusted_server_fails_and_says_why()
    {
        await using var server = await HttpsServer.StartAsync(TestCertificates.SelfSigned, closeNotify: true);

        var run = await RunAsync($"https://localhost:{server.Port}/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("untrusted", run.Errors, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Get_with_insecure_accepts_a_self_signed_server()
    {
        await using var server = await HttpsServer.StartAsync(TestCertificates.SelfSigned, closeNotify: true);

        var run = await RunAsync($"https://127.0.0.1:{server.Port}/", "--insecure");

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.EndsWith("hello from https", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_cut_without_close_notify_is_reported_as_possibly_truncated()
    {
        await using var server = await HttpsServer.StartAsync(TestCertificates.Server, closeNotify: false);

        var run = await RunAsync($"https://localhost:{server.Port}/", "--ca", _authorityPath);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("truncated", run.Errors, StringComparison.Ordinal);
        Assert.EndsWith("hello from https", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_arguments_print_the_usage()
    {
        var run = await RunAsync("http://localhost/");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("usage: HttpsGet", run.Errors, StringComparison.Ordinal);
    }

    private static async Task<Run> RunAsync(params string[] arguments)
    {
        var result = await ToolProcess.RunAsync("dotnet", [SampleProcess.SamplePath("HttpsGet"), .. arguments], timeout: Bound);
        return new Run(result.ExitCode, Encoding.UTF8.GetString(result.Output), result.Errors);
    }

    private sealed record Run(int ExitCode, string Output, string Errors);

    /// <summary>A one-request HTTPS server: reads the request head, answers with a fixed body and
    /// <c>Connection: close</c>, then ends TLS with close_notify, or cuts the transport without one.</summary>
    private sealed class HttpsServer : IAsyncDisposable
    {
        private readonly Server _server;
        private readonly TaskCompletionSource<string> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private HttpsServer(Server server) => _server = server;

        public Task<string> Request => _request.Task;

        public string Port => ((IPEndPoint)_server.LocalEndPoint).Port.ToString(CultureInfo.InvariantCulture);

        public static async Task<HttpsServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool closeNotify)
        {
            HttpsServer? https = null;
            var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(certificate),
                connection => https!.ServeAsync((TlsConnection)connection, closeNotify));
            https = new HttpsServer(server);
            return https;
        }

        private async Task ServeAsync(TlsConnection connection, bool closeNotify)
        {
            var head = new StringBuilder();
            var buffer = new byte[1024];
            using var reader = connection.CreateReader();
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await reader.ReadAsync(buffer);
                if (read == 0)
                {
                    throw new EndOfStreamException($"The client ended before the request head was complete: {head}");
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            _request.TrySetResult(head.ToString());
            await connection.Sink.RunAsync("HTTP/1.1 200 OK\r\nContent-Length: 16\r\nConnection: close\r\n\r\nhello from https"u8.ToArray());
            if (closeNotify)
            {
                await connection.Sink.CompleteAsync();
            }
            else
            {
                await connection.Transport.Sink.CompleteAsync();
            }
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
