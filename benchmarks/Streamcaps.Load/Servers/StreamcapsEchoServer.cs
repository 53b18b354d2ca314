using System.Net;
using Streamcaps.Net;

namespace Streamcaps.Load.Servers;

/// <summary>The one-line echo server of DESIGN.md.</summary>
internal static class StreamcapsEchoServer
{
    public static async Task RunAsync(IPEndPoint endPoint, Action<EndPoint> listening, CancellationToken stop)
    {
        await using var server = await Tcp.ListenAsync(endPoint, c => Flow.RunAsync(c.Source, c.Sink), stop);
        listening(server.LocalEndPoint);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
