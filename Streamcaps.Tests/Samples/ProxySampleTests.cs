using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

public class ProxySampleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Proxy_forwards_the_clients_half_close_to_the_upstream_and_the_answer_back_to_nc()
    {
        // The upstream answers only once it saw the client's FIN, then closes: nc gets the answer only if the
        // proxy forwarded the half-close one way, and exits only if it forwarded the end the other way.
        using var upstream = ListenLoopback();
        var serving = Task.Run(async () =>
        {
            using var peer = await upstream.AcceptAsync();
            var received = await ReadToEndAsync(peer);
            await peer.SendAsync(Encoding.ASCII.GetBytes($"received {received.Length} bytes\n"));
            peer.Shutdown(SocketShutdown.Send);
        });
        await using var proxy = await StartProxyAsync(upstream);
        var sent = ByteStreams.RandomBytes(200_000, seed: 8);

        var nc = await ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", proxy.Port], sent);

        Assert.True(nc.ExitCode == 0, $"nc failed: {nc.Errors}");
        Assert.Equal("received 200000 bytes\n", Encoding.ASCII.GetString(nc.Output));
        await serving.WaitAsync(Bound);
    }

    [Fact]
    public async Task Proxy_carries_a_mebibyte_each_way_intact_to_a_streamcaps_echo_server()
    {
        await using var echo = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), c => Flow.RunAsync(c.Source, c.Sink));
        await using var proxy = await StartProxyAsync((IPEndPoint)echo.LocalEndPoint);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, int.Parse(proxy.Port, CultureInfo.InvariantCulture)).WaitAsync(Bound);
        var sent = ByteStreams.RandomBytes(1024 * 1024, seed: 9);

        var reading = ReadToEndAsync(client);
        await client.SendAsync(sent).WaitAsync(Bound);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(sent, await reading.WaitAsync(Bound));
    }

    [Fact]
    public async Task Proxy_resets_the_client_when_the_upstream_resets()
    {
        using var upstream = ListenLoopback();
        var resetting = Task.Run(async () =>
        {
            using var peer = await upstream.AcceptAsync();
            peer.LingerState = new LingerOption(true, 0);
        });
        await using var proxy = await StartProxyAsync(upstream);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, int.Parse(proxy.Port, CultureInfo.InvariantCulture)).WaitAsync(Bound);
        await resetting.WaitAsync(Bound);

        var thrown = await Assert.ThrowsAsync<SocketException>(() => ReadToEndAsync(client).WaitAsync(Bound));

        Assert.Equal(SocketError.ConnectionReset, thrown.SocketErrorCode);
    }

    [Fact]
    public async Task A_failed_handler_with_no_logger_configured_is_reported_on_stderr_and_resets_the_client()
    {
        // The sample gives its server neither a LoggerFactory nor OnFailure: the library's fallback must make the
        // failure (the upstream refused) visible on standard error. A bound socket that does not listen refuses.
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var proxy = await StartProxyAsync((IPEndPoint)refusing.LocalEndPoint!);
        await using (proxy)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(IPAddress.Loopback, int.Parse(proxy.Port, CultureInfo.InvariantCulture)).WaitAsync(Bound);

            var reset = await Assert.ThrowsAsync<SocketException>(() => ReadToEndAsync(client).WaitAsync(Bound));
            Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);

            await proxy.Process.SignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM);
            Assert.Equal(0, await proxy.Process.WaitForExitAsync());
        }

        var errors = proxy.Process.Errors;
        Assert.Contains($"{StreamcapsNetDiagnostics.LoggerCategory}[", errors, StringComparison.Ordinal);
        Assert.Contains("Error: The handler of the connection", errors, StringComparison.Ordinal);
        Assert.Contains("refused", errors, StringComparison.OrdinalIgnoreCase);
    }

    private static Socket ListenLoopback()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        return listener;
    }

    private static Task<RunningProxy> StartProxyAsync(Socket upstream) => StartProxyAsync((IPEndPoint)upstream.LocalEndPoint!);

    private static async Task<RunningProxy> StartProxyAsync(IPEndPoint upstream)
    {
        var process = SampleProcess.Start("Proxy", "0", "127.0.0.1", upstream.Port.ToString(CultureInfo.InvariantCulture));
        var endPoint = await process.WaitForListeningAsync();
        return new RunningProxy(process, endPoint.Port.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int count;
        while ((count = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, count);
        }

        return received.ToArray();
    }

    private sealed record RunningProxy(SampleProcess Process, string Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
