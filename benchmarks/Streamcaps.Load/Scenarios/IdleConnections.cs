using System.Net.Sockets;

namespace Streamcaps.Load.Scenarios;

/// <summary>Opens many connections, makes each echo one byte (so every server went through a read), then
/// leaves them idle and measures what the server process holds per connection.</summary>
internal sealed class IdleConnections : ILoadScenario
{
    private const int OpeningAtOnce = 100;

    public string Name => "idle";

    public bool IsTimed => false;

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerProcess server, LoadSettings settings)
    {
        var before = await server.MeasureAsync();
        var sockets = await OpenAsync(server, settings.IdleConnections);
        var after = await server.MeasureAsync();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        return ServerStats.MemoryPer($"{settings.IdleConnections} idle conn", settings.IdleConnections, before, after);
    }

    /// <summary>Opens <paramref name="count"/> connections to <paramref name="server"/>, a hundred at a time,
    /// each echoing one byte before it counts as open.</summary>
    public static async Task<Socket[]> OpenAsync(ServerProcess server, int count)
    {
        var sockets = new Socket[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, OpeningAtOnce).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < sockets.Length)
            {
                sockets[index] = await OpenAndEchoOnceAsync(server);
            }
        }));
        return sockets;
    }

    /// <summary>Ends every one of <paramref name="sockets"/> with a FIN and waits (at most <paramref name="timeout"/>)
    /// until the server has answered each with its own FIN, so the server has let go of them all before what it
    /// holds is measured again; then closes them.</summary>
    public static async Task CloseGracefullyAsync(Socket[] sockets, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var next = -1;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, OpeningAtOnce).Select(async _ =>
            {
                var rest = new byte[1];
                int index;
                while ((index = Interlocked.Increment(ref next)) < sockets.Length)
                {
                    sockets[index].Shutdown(SocketShutdown.Send);
                    if (await sockets[index].ReceiveAsync(rest.AsMemory(), SocketFlags.None, deadline.Token) != 0)
                    {
                        throw new InvalidDataException("The server sent bytes nobody asked for instead of ending the connection.");
                    }
                }
            }));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not end all {sockets.Length} connections within {timeout.TotalSeconds} s of their FIN.");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task<Socket> OpenAndEchoOnceAsync(ServerProcess server)
    {
        var socket = new Socket(server.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.EndPoint);
        var one = new byte[] { 7 };
        await socket.SendAsync(one.AsMemory(), SocketFlags.None);
        if (await socket.ReceiveAsync(one.AsMemory(), SocketFlags.None) != 1 || one[0] != 7)
        {
            throw new InvalidDataException("The idle connection's one-byte echo did not come back.");
        }

        return socket;
    }
}
