using Streamcaps.Tests.Conformance;
using System.Net;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

public class ConnectionHandleTests
{
    private const int Connections = 10_000;
    private const int AtOnce = 64;

    /// <summary>Other tests run in parallel in this process and hold a few sockets of their own meanwhile;
    /// a leak of one handle per connection would be 10,000.</summary>
    private const int ParallelTestsSlack = 300;

    [Fact]
    public async Task Opening_and_closing_ten_thousand_connections_leaves_the_open_handles_flat()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var server = await StartEchoServerAsync(IPAddress.Loopback);
        await RoundTripAsync(server.LocalEndPoint);
        var before = OpenHandles();

        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Connections)
            {
                await RoundTripAsync(server.LocalEndPoint);
            }
        })).WaitAsync(TimeSpan.FromSeconds(60));
        await server.StopAsync().WaitAsync(Patience);

        Assert.Equal(Connections + 1, server.AcceptedConnections);
        Assert.InRange(OpenHandles(), 0, before + ParallelTestsSlack);
    }

    /// <summary>One full connection life: a byte each way, both half-closes, and the socket released by
    /// its two ends being finished rather than by DisposeAsync.</summary>
    private static async Task RoundTripAsync(EndPoint server)
    {
        var connection = await Tcp.ConnectAsync(server);
        await connection.Sink.RunAsync(new byte[] { 42 });
        await connection.Sink.CompleteAsync();
        var echoed = await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience);
        Assert.Equal(new byte[] { 42 }, echoed);
    }

    private static int OpenHandles() => Directory.GetFiles("/proc/self/fd").Length;
}
