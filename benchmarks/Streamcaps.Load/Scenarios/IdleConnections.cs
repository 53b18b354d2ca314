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
        var sockets = new Socket[settings.IdleConnections];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, OpeningAtOnce).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < sockets.Length)
            {
                sockets[index] = await OpenAndEchoOnceAsync(server);
            }
        }));
        var after = await server.MeasureAsync();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        var count = settings.IdleConnections;
        return
        [
            new Measurement($"{count} idle conn: managed heap per conn", (after.Managed - before.Managed) / 1024.0 / count, "KiB", HigherIsBetter: false),
            new Measurement($"{count} idle conn: working set per conn", (after.WorkingSet - before.WorkingSet) / 1024.0 / count, "KiB", HigherIsBetter: false),
        ];
    }

    private static async Task<Socket> OpenAndEchoOnceAsync(ServerProcess server)
    {
        var socket = new Socket(server.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
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
