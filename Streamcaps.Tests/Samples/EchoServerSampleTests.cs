using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

public class EchoServerSampleTests
{
    [Fact]
    public async Task Echo_server_echoes_what_nc_sends_until_nc_half_closes()
    {
        await using var server = await StartAsync();
        var sent = new byte[512 * 1024];
        new Random(5).NextBytes(sent);

        // -N: shut down the sending side after stdin's end, so the server sees a FIN and ends the echo.
        var nc = await ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", server.Port], sent);

        Assert.True(nc.ExitCode == 0, $"nc failed: {nc.Errors}");
        Assert.Equal(sent, nc.Output);
    }

    [Fact]
    public async Task Echo_server_serves_several_nc_clients_at_once()
    {
        await using var server = await StartAsync();

        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", server.Port], System.Text.Encoding.ASCII.GetBytes($"client {i}\n"))));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"client {i}\n"), clients.Select(c => System.Text.Encoding.ASCII.GetString(c.Output)));
    }

    [Fact]
    public async Task Echo_server_stops_cleanly_on_sigterm()
    {
        await using var server = await StartAsync();

        await server.Process.SignalAsync(PosixSignal.SIGTERM);

        Assert.Equal(0, await server.Process.WaitForExitAsync());
        Assert.Contains("stopping", server.Process.Output, StringComparison.Ordinal);
    }

    private static async Task<RunningEchoServer> StartAsync()
    {
        var process = SampleProcess.Start("EchoServer", "0");
        var endPoint = await process.WaitForListeningAsync();
        return new RunningEchoServer(process, endPoint.Port.ToString(CultureInfo.InvariantCulture));
    }

    private sealed record RunningEchoServer(SampleProcess Process, string Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
