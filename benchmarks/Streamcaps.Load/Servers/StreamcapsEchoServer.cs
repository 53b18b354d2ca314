using System.Net;
using Streamcaps.Net;

namespace Streamcaps.Load.Servers;

/// <summary>The one-line echo server of DESIGN.md: with the default options; with the source waiting for data
/// with its buffer in hand (<see cref="TcpConnectionOptions.WaitForDataBeforeAllocatingBuffer"/> off); or with
/// reads that never grow past the 64 KiB of the hand-written loop (<see cref="TcpConnectionOptions.MaxReceiveBufferSize"/>
/// at <see cref="TcpConnectionOptions.ReceiveBufferSize"/>), which measures what the abstraction alone costs.</summary>
internal static class StreamcapsEchoServer
{
    private static readonly TcpServerOptions s_holdingBuffer = new()
    {
        Connection = new TcpConnectionOptions { WaitForDataBeforeAllocatingBuffer = false },
    };

    private static readonly TcpServerOptions s_fixedReads = new()
    {
        Connection = new TcpConnectionOptions { MaxReceiveBufferSize = TcpConnectionOptions.Default.ReceiveBufferSize },
    };

    public static Task RunAsync(IPEndPoint endPoint, Action<EndPoint> listening, CancellationToken stop) =>
        RunAsync(endPoint, TcpServerOptions.Default, listening, stop);

    public static Task RunHoldingBufferAsync(IPEndPoint endPoint, Action<EndPoint> listening, CancellationToken stop) =>
        RunAsync(endPoint, s_holdingBuffer, listening, stop);

    public static Task RunWithFixedReadsAsync(IPEndPoint endPoint, Action<EndPoint> listening, CancellationToken stop) =>
        RunAsync(endPoint, s_fixedReads, listening, stop);

    private static async Task RunAsync(IPEndPoint endPoint, TcpServerOptions options, Action<EndPoint> listening, CancellationToken stop)
    {
        await using var server = await Tcp.ListenAsync(endPoint, options, c => Flow.RunAsync(c.Source, c.Sink), stop);
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
