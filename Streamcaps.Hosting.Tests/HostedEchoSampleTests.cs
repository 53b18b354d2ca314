using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Streamcaps.Net;
using Streamcaps.Testing;
using Streamcaps.Tests.Support;

namespace Streamcaps.Hosting.Tests;

/// <summary>samples/HostedEcho as a real process, configured the usual .NET way from the command line, its
/// metrics read with curl in the Prometheus text format.</summary>
public partial class HostedEchoSampleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Metrics_show_the_connected_client_and_its_bytes_and_sigterm_drains_and_exits_0()
    {
        var metricsPort = FreePort();
        await using var sample = SampleProcess.Start("HostedEcho", "--Echo:Port=0", $"--Metrics:Port={metricsPort}");
        var echo = await sample.WaitForListeningAsync(Bound);
        await sample.WaitForLineAsync(line => line.StartsWith("metrics on http://127.0.0.1:", StringComparison.Ordinal), Bound);
        Assert.Equal(IPAddress.Loopback, echo.Address);

        await using var client = await Tcp.ConnectAsync(echo);
        var first = ByteStreams.RandomBytes(10_000, seed: 1);
        Assert.Equal(first, await EchoAsync(client, first));
        var before = await ScrapeAsync(metricsPort);
        Assert.True(Value(before, "streamcaps_net_active_connections") >= 1, $"active connections below 1:\n{before}");
        var readBefore = Value(before, "streamcaps_net_connection_bytes_read_bytes_total");
        var writtenBefore = Value(before, "streamcaps_net_connection_bytes_written_bytes_total");
        Assert.True(readBefore >= first.Length && writtenBefore >= first.Length, $"byte counters below {first.Length}:\n{before}");

        var second = ByteStreams.RandomBytes(20_000, seed: 2);
        Assert.Equal(second, await EchoAsync(client, second));
        // The exporter answers a scrape from a cache for a moment (300 ms): scrape until the counters moved.
        var after = await ScrapeUntilAsync(metricsPort, text =>
            Value(text, "streamcaps_net_connection_bytes_read_bytes_total") >= readBefore + second.Length
            && Value(text, "streamcaps_net_connection_bytes_written_bytes_total") >= writtenBefore + second.Length);
        Assert.True(Value(after, "streamcaps_net_connection_bytes_read_bytes_total") >= readBefore + second.Length, $"bytes read did not grow:\n{after}");
        Assert.True(Value(after, "streamcaps_net_connection_bytes_written_bytes_total") >= writtenBefore + second.Length, $"bytes written did not grow:\n{after}");

        // SIGTERM while the client is still connected: the open echo goes on until the client ends it.
        await sample.SignalAsync(PosixSignal.SIGTERM);
        var third = ByteStreams.RandomBytes(5_000, seed: 3);
        var rest = ByteStreams.ReadToEndAsync(client.Source);
        await client.Sink.RunAsync(third);
        await client.Sink.CompleteAsync();
        Assert.Equal(third, await rest.WaitAsync(Bound));
        Assert.Equal(0, await sample.WaitForExitAsync(Bound));
    }

    private static async Task<byte[]> EchoAsync(IConnection client, byte[] payload)
    {
        await client.Sink.RunAsync(payload);
        return await ByteStreams.ReadExactlyAsync(client.Source, payload.Length).WaitAsync(Bound);
    }

    /// <summary>Scrapes until <paramref name="done"/> holds or <see cref="Bound"/> passes; returns the last scrape.</summary>
    private static async Task<string> ScrapeUntilAsync(int port, Func<string, bool> done)
    {
        using var deadline = new CancellationTokenSource(Bound);
        var text = await ScrapeAsync(port);
        while (!done(text) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
            text = await ScrapeAsync(port);
        }

        return text;
    }

    private static async Task<string> ScrapeAsync(int port)
    {
        var curl = await ToolProcess.RunAsync("curl", ["-sS", "--max-time", "20", $"http://127.0.0.1:{port}/metrics"], timeout: Bound);
        Assert.True(curl.ExitCode == 0, $"curl failed: {curl.Errors}");
        return System.Text.Encoding.UTF8.GetString(curl.Output);
    }

    /// <summary>The sum of a metric's samples over its label sets (one server here, so one sample).</summary>
    private static double Value(string exposition, string metric) =>
        Sample().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    /// <summary>A port free a moment ago, for the HTTP listener (which cannot bind port 0 and tell).</summary>
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
