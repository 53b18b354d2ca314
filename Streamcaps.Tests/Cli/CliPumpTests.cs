using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Net;

namespace Streamcaps.Tests.Cli;

/// <summary>The pumps on the way: framing limits and conversion, a gzip tunnel, the hex dump, UTF-8 checks, the
/// rate limit and the idle timeout, each through a real relay.</summary>
public sealed class CliPumpTests
{
    [Fact]
    public async Task An_over_long_line_fails_the_relay_with_exit_8_after_the_lines_before_it()
    {
        using var peer = new RawPeer();
        var relay = CliProcess.RunAsync(["--lines", "8", "stdio", $"tcp:127.0.0.1:{peer.Port}"], "short\nmuch too long\n"u8.ToArray());
        using var far = await peer.AcceptAsync();

        var received = await ReceiveUntilClosedAsync(far);
        var result = await relay;

        Assert.Equal(8, result.ExitCode);
        Assert.StartsWith("short\n", System.Text.Encoding.ASCII.GetString(received), StringComparison.Ordinal);
        Assert.DoesNotContain("much", System.Text.Encoding.ASCII.GetString(received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_typed_on_stdio_become_length_prefixed_messages()
    {
        using var peer = new RawPeer();
        var relay = CliProcess.RunAsync(["--lines", "100", "--length-prefixed", "2", "stdio", $"tcp:127.0.0.1:{peer.Port}"], "hi\nthere\n"u8.ToArray());
        using var far = await peer.AcceptAsync();

        var received = await TcpLoopback.ReceiveToEndAsync(far);
        far.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Equal([0, 2, (byte)'h', (byte)'i', 0, 5, .. "there"u8.ToArray()], received);
        Assert.Equal(0, (await relay).ExitCode);
    }

    [Fact]
    public async Task A_gzip_tunnel_carries_data_compressed_between_its_two_ends()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        await using var inner = CliProcess.Start("--gunzip", "tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}");
        var innerEnd = await inner.WaitForListeningAsync();
        var text = string.Concat(Enumerable.Repeat("compressible text ", 10_000));

        var result = await CliProcess.RunAsync(["--gzip", "stdio", $"tcp:127.0.0.1:{innerEnd.Port}"], System.Text.Encoding.ASCII.GetBytes(text));

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(result.Output));
        await inner.AssertExitCodeAsync(0);
    }

    [Fact]
    public async Task A_gzip_tunnel_answers_each_request_before_the_client_half_closes()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        await using var inner = CliProcess.Start("--gunzip", "tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}");
        var innerEnd = await inner.WaitForListeningAsync();
        await using var outer = CliProcess.Start("--gzip", "tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{innerEnd.Port}");
        var outerEnd = await outer.WaitForListeningAsync();

        await using var client = await Tcp.ConnectAsync(outerEnd);
        var reader = client.CreateReader();
        foreach (var request in new[] { "first\n", "second\n" })
        {
            await client.Sink.RunAsync(System.Text.Encoding.ASCII.GetBytes(request));
            var echoed = await reader.ReadExactlyAsync(request.Length).AsTask().WaitAsync(CliProcess.DefaultTimeout);
            Assert.Equal(request, System.Text.Encoding.ASCII.GetString(echoed));
        }

        await client.Sink.CompleteAsync();
        await outer.AssertExitCodeAsync(0);
    }

    [Fact]
    public async Task The_hex_dump_shows_each_direction_on_stderr()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);

        var result = await CliProcess.RunAsync(["--hex-dump", "stdio", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}"], "hello"u8.ToArray());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("> length=5 from=0 to=4", result.Errors, StringComparison.Ordinal);
        Assert.Contains("< length=5 from=0 to=4", result.Errors, StringComparison.Ordinal);
        Assert.Contains("68 65 6c 6c 6f", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_UTF8_fails_the_relay_with_exit_8()
    {
        using var peer = new RawPeer();
        var relay = CliProcess.RunAsync(["--utf8", "stdio", $"tcp:127.0.0.1:{peer.Port}"], new byte[] { (byte)'o', (byte)'k', 0xff, 0xfe });
        using var far = await peer.AcceptAsync();
        await ReceiveUntilClosedAsync(far);

        Assert.Equal(8, (await relay).ExitCode);
    }

    [Fact]
    public async Task The_rate_limit_spreads_a_transfer_over_time()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        var clock = Stopwatch.StartNew();

        // 30 KB at 10 KB/s: the first second's budget goes at once, the rest takes at least two more seconds.
        var result = await CliProcess.RunAsync(["-u", "--rate", "10000", "stdio", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}"], new byte[30_000]);

        Assert.Equal(0, result.ExitCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"30 KB at 10 KB/s took only {clock.Elapsed}");
    }

    [Fact]
    public async Task The_idle_timeout_ends_a_silent_relay_with_exit_5()
    {
        using var peer = new RawPeer();
        await using var relay = CliProcess.Start("--idle-timeout", "0.5", "stdio", $"tcp:127.0.0.1:{peer.Port}");
        using var far = await peer.AcceptAsync();

        await relay.AssertExitCodeAsync(5);
        Assert.Contains("--idle-timeout", relay.Errors, StringComparison.Ordinal);
    }

    /// <summary>What the far side received until the relay closed it, by FIN or by reset.</summary>
    private static async Task<byte[]> ReceiveUntilClosedAsync(System.Net.Sockets.Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int count;
            while ((count = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(CliProcess.DefaultTimeout)) > 0)
            {
                received.Write(buffer, 0, count);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Reset after a failure: what came before it is what counts.
        }

        return received.ToArray();
    }
}
