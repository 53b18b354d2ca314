using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Load.Servers;

/// <summary>The baseline: what one writes by hand with <see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/>
/// and <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>, one 64 KiB buffer per
/// connection held for the connection's life.</summary>
internal static class SocketLoopEchoServer
{
    private const int BufferSize = 64 * 1024;

    public static async Task RunAsync(IPEndPoint endPoint, Action<EndPoint> listening, CancellationToken stop)
    {
        using var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endPoint);
        listener.Listen(512);
        listening(listener.LocalEndPoint!);
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(stop);
                socket.NoDelay = true;
                _ = Task.Run(() => EchoAsync(socket), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static async Task EchoAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[BufferSize];
        try
        {
            int received;
            while ((received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None)) > 0)
            {
                var sent = 0;
                while (sent < received)
                {
                    sent += await socket.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None);
                }
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The client went away.
        }
    }
}
