using System.Globalization;
using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

public class EchoClientSampleTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Echo_client_prints_what_the_server_echoed_after_its_half_close(string address)
    {
        var halfClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Parse(address), 0), async c =>
        {
            await Flow.RunAsync(c.Source, c.Sink);
            halfClosed.TrySetResult();
        });
        var port = ((IPEndPoint)server.LocalEndPoint).Port.ToString(CultureInfo.InvariantCulture);

        await using var client = SampleProcess.Start("EchoClient", address, port, "grüße über TCP");

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Contains("echo: grüße über TCP", client.Output, StringComparison.Ordinal);
        await halfClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Echo_client_against_the_echo_server_sample()
    {
        await using var server = SampleProcess.Start("EchoServer", "0");
        var port = (await server.WaitForListeningAsync()).Port.ToString(CultureInfo.InvariantCulture);

        await using var client = SampleProcess.Start("EchoClient", "localhost", port, "end to end");

        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Contains("echo: end to end", client.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_client_reports_a_refused_connection_and_fails()
    {
        using var bound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)bound.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        await using var client = SampleProcess.Start("EchoClient", "127.0.0.1", port);

        Assert.NotEqual(0, await client.WaitForExitAsync());
        Assert.Contains("refused", client.Errors, StringComparison.OrdinalIgnoreCase);
    }
}
