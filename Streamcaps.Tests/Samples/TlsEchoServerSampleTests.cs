using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>The TlsEchoServer sample driven by a real TLS client: <c>openssl s_client</c>.</summary>
public sealed class TlsEchoServerSampleTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"streamcaps-tlsecho-{Guid.NewGuid():N}.pem");

    public void Dispose() => File.Delete(_certificatePath);

    [Theory]
    [InlineData("-tls1_3")]
    [InlineData("-tls1_2")]
    public async Task Openssl_s_client_verifies_the_certificate_and_gets_its_lines_echoed(string protocol)
    {
        await using var server = await StartAsync();

        var transcript = await RunOpenSslAsync(server.Port, protocol, "hello over tls", "second line");

        Assert.Equal(["hello over tls", "second line"], transcript.Echoed);
        Assert.Equal(0, transcript.ExitCode);
        Assert.Contains("verify return:1", transcript.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_client_costs_only_its_connection()
    {
        await using var server = await StartAsync();

        var garbage = await ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", server.Port], "this is not a ClientHello\n"u8.ToArray());
        var transcript = await RunOpenSslAsync(server.Port, "-tls1_3", "after the garbage");

        Assert.Empty(garbage.Output);
        Assert.Equal(["after the garbage"], transcript.Echoed);
    }

    [Fact]
    public async Task Tls_echo_server_stops_cleanly_on_sigint()
    {
        await using var server = await StartAsync();

        await server.Process.SignalAsync(PosixSignal.SIGINT);

        Assert.Equal(0, await server.Process.WaitForExitAsync());
        Assert.Contains("stopping", server.Process.Output, StringComparison.Ordinal);
    }

    private async Task<RunningServer> StartAsync()
    {
        var process = SampleProcess.Start("TlsEchoServer", "0", _certificatePath);
        return new RunningServer(process, (await process.WaitForListeningAsync()).Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Runs <c>openssl s_client</c> against the server, trusting only its certificate and checking
    /// the name: sends each line and waits for its echo before the next, then closes stdin, on which
    /// s_client sends close_notify and exits (-no_ign_eof).</summary>
    private async Task<OpenSslTranscript> RunOpenSslAsync(string port, string protocol, params string[] lines)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{port}", protocol, "-CAfile", _certificatePath,
                     "-verify_hostname", "localhost", "-verify_return_error", "-quiet", "-no_ign_eof" })
        {
            start.ArgumentList.Add(argument);
        }

        using var openssl = Process.Start(start)!;
        var errors = openssl.StandardError.ReadToEndAsync();
        var echoed = new List<string>();
        try
        {
            foreach (var line in lines)
            {
                await openssl.StandardInput.WriteLineAsync(line).WaitAsync(Bound);
                await openssl.StandardInput.FlushAsync().WaitAsync(Bound);
                echoed.Add(await openssl.StandardOutput.ReadLineAsync().WaitAsync(Bound) ?? "<end of output>");
            }

            openssl.StandardInput.Close();
            await openssl.WaitForExitAsync().WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            openssl.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl s_client did not finish; echoed so far: {string.Join(" | ", echoed)}; stderr: {(errors.IsCompleted ? errors.Result : "")}");
        }

        return new OpenSslTranscript(echoed, openssl.ExitCode, await errors);
    }

    private sealed record OpenSslTranscript(List<string> Echoed, int ExitCode, string Errors);

    private sealed record RunningServer(SampleProcess Process, string Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
