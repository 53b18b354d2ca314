using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>One HttpServer process shared by the tests of a class (every test also checks the server goes on).</summary>
public sealed class HttpServerProcess : IAsyncLifetime
{
    private SampleProcess _process = null!;

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        _process = SampleProcess.Start("HttpServer", "0");
        Port = (await _process.WaitForListeningAsync()).Port;
    }

    public async Task DisposeAsync() => await _process.DisposeAsync();
}

/// <summary>The HttpServer sample, driven by real <c>curl</c> (and a raw socket where curl refuses to send garbage).</summary>
public class HttpServerSampleTests(HttpServerProcess server) : IClassFixture<HttpServerProcess>
{
    private string Url => server.Url;

    private int Port => server.Port;

    private static async Task<string> CurlAsync(params string[] arguments)
    {
        var curl = await ToolProcess.RunAsync("curl", ["-s", "-S", "--max-time", "10", .. arguments]);
        Assert.True(curl.ExitCode == 0, $"curl {string.Join(' ', arguments)} failed ({curl.ExitCode}): {curl.Errors}");
        return Encoding.UTF8.GetString(curl.Output);
    }

    /// <summary>Sends raw bytes on a fresh connection and reads until the server closes it.</summary>
    private static async Task<string> SendRawAsync(int port, string request)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port).WaitAsync(SampleProcess.DefaultTimeout);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int count;
        while ((count = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(SampleProcess.DefaultTimeout)) > 0)
        {
            received.Write(buffer, 0, count);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    [Fact]
    public async Task Get_root_answers_hello_world()
    {

        var response = await CurlAsync("-i", Url + "/");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 13\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nHello, World!", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_echo_returns_a_content_length_body_byte_for_byte()
    {
        var body = new byte[200_000];
        new Random(7).NextBytes(body);

        var curl = await ToolProcess.RunAsync("curl", ["-s", "-S", "--max-time", "10", "--data-binary", "@-", Url + "/echo"], body);

        Assert.True(curl.ExitCode == 0, curl.Errors);
        Assert.Equal(body, curl.Output);
    }

    [Fact]
    public async Task Keep_alive_serves_several_requests_on_one_connection()
    {

        var curl = await ToolProcess.RunAsync("curl", ["-s", "-S", "-v", "--max-time", "10", Url + "/", Url + "/", Url + "/missing"]);

        Assert.True(curl.ExitCode == 0, curl.Errors);
        Assert.Equal("Hello, World!Hello, World!Nothing at /missing.\n", Encoding.UTF8.GetString(curl.Output));
        Assert.Matches("(?i)re-?using existing connection", curl.Errors);
    }

    [Fact]
    public async Task Pipelined_requests_on_one_connection_are_answered_in_order()
    {

        var response = await SendRawAsync(Port, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        Assert.Matches("(?s)^HTTP/1.1 200 OK\r\n.*\r\n\r\nabcHTTP/1.1 200 OK\r\n.*Connection: close\r\n\r\nHello, World!$", response);
    }

    [Fact]
    public async Task A_request_sent_one_byte_per_send_is_parsed_whole()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", Port).WaitAsync(SampleProcess.DefaultTimeout);
        foreach (var b in "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"u8.ToArray())
        {
            await socket.SendAsync(new[] { b });
        }

        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync().WaitAsync(SampleProcess.DefaultTimeout);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_over_the_limit_are_answered_with_431_and_the_server_goes_on()
    {

        var status = await CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "-H", "X-Big: " + new string('a', 9000), Url + "/");
        var after = await CurlAsync(Url + "/");

        Assert.Equal("431", status);
        Assert.Equal("Hello, World!", after);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_answered_with_413()
    {

        var status = await CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Length: 99999999", "-X", "POST", Url + "/echo");

        Assert.Equal("413", status);
    }

    [Fact]
    public async Task A_malformed_request_is_answered_with_400_and_the_connection_closes()
    {

        var response = await SendRawAsync(Port, "NONSENSE\r\n\r\n");
        var after = await CurlAsync(Url + "/");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", response, StringComparison.Ordinal);
        Assert.Equal("Hello, World!", after);
    }

    [Fact]
    public async Task Another_http_version_is_answered_with_505()
    {

        var response = await SendRawAsync(Port, "GET / HTTP/2.0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_close_is_honoured()
    {

        var response = await CurlAsync("-i", "-H", "Connection: close", Url + "/");

        Assert.Contains("Connection: close\r\n", response, StringComparison.Ordinal);
    }
}
