using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>One HttpServer process with short deadlines (a 1 s header timeout, a 2 s idle timeout), so the
/// tests can watch them act.</summary>
public sealed class ImpatientHttpServerProcess : IAsyncLifetime
{
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private SampleProcess _process = null!;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        _process = SampleProcess.Start("HttpServer", "0", "--header-timeout", "1", "--idle-timeout", "2");
        Port = (await _process.WaitForListeningAsync()).Port;
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();
}

/// <summary>The HttpServer sample against hostile and broken clients, over real sockets (and curl where it can
/// send the shape): slow heads, garbage, request smuggling shapes, bad header bytes, idle connections.</summary>
public class HttpServerHardeningTests(ImpatientHttpServerProcess server) : IClassFixture<ImpatientHttpServerProcess>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_slowloris_head_is_cut_with_408_at_the_header_deadline_though_every_byte_restarts_the_idle_timeout()
    {
        using var socket = await ConnectAsync();
        var clock = Stopwatch.StartNew();
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n"u8.ToArray());
        var reading = ReadUntilClosedAsync(socket);

        // One byte every 200 ms: never silent for the 2 s idle timeout, and never finishing the head.
        while (!reading.IsCompleted && clock.Elapsed < Bound)
        {
            try
            {
                await socket.SendAsync("a"u8.ToArray());
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(200));
        }

        var response = await reading.WaitAsync(Bound);
        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", response, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, ImpatientHttpServerProcess.HeaderTimeout, ImpatientHttpServerProcess.HeaderTimeout + TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\nHost: localhost\n")]
    [InlineData("hello there\n")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003")]
    [InlineData("GET / HTTP/1.1\rHost: localhost")]
    [InlineData("NONSENSE\r\n")]
    public async Task Input_that_can_never_become_a_request_gets_400_at_once(string input)
    {
        using var socket = await ConnectAsync();
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.Latin1.GetBytes(input));

        var buffer = new byte[4096];
        var count = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Bound);
        clock.Stop();

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", Encoding.Latin1.GetString(buffer, 0, count), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < ImpatientHttpServerProcess.HeaderTimeout,
            $"The answer took {clock.Elapsed}: it waited for a deadline instead of refusing at once.");
    }

    [Theory]
    [InlineData("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")]
    [InlineData("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc")]
    [InlineData("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length : 3\r\n\r\nabc")]
    public async Task Request_smuggling_shapes_get_400_and_the_connection_closes(string request)
    {
        var response = await SendAsync(request + "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello, World!", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_equal_content_lengths_are_one_length()
    {
        var response = await SendAsync("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nabc", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: localhost\r\nX-Value: a\0b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: localhost\r\nX-Value: a\rb\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: localhost\r\nHost: elsewhere\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nX-Value: no host\r\n\r\n")]
    public async Task Bad_header_bytes_and_a_missing_or_repeated_host_get_400(string request)
    {
        var response = await SendAsync(request);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_without_a_host_header_gets_400_and_http_1_0_without_one_is_served()
    {
        var withoutHost = await ToolProcess.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-H", "Host:", server.Url + "/"]);
        var http10 = await ToolProcess.RunAsync("curl", ["-s", "--http1.0", "-H", "Host:", "--max-time", "10", server.Url + "/"]);

        Assert.Equal("400", Encoding.ASCII.GetString(withoutHost.Output));
        Assert.Equal("Hello, World!", Encoding.ASCII.GetString(http10.Output));
    }

    [Fact]
    public async Task An_idle_keep_alive_connection_is_closed_with_a_FIN()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        var clock = Stopwatch.StartNew();

        // ReadUntilClosedAsync fails on a reset: only a FIN ends it cleanly.
        var response = await ReadUntilClosedAsync(socket).WaitAsync(Bound);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("Hello, World!", response, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, ImpatientHttpServerProcess.IdleTimeout * 0.9, ImpatientHttpServerProcess.IdleTimeout + TimeSpan.FromSeconds(5));
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", server.Port).WaitAsync(Bound);
        return socket;
    }

    private async Task<string> SendAsync(string request)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        return await ReadUntilClosedAsync(socket).WaitAsync(Bound);
    }

    /// <summary>Reads until the server's FIN; a reset throws <see cref="SocketException"/>.</summary>
    private static async Task<string> ReadUntilClosedAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int count;
        while ((count = await socket.ReceiveAsync(buffer.AsMemory())) > 0)
        {
            received.Write(buffer, 0, count);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
