using System.Diagnostics;
using System.Net.Sockets;

namespace Streamcaps.Load.Scenarios;

/// <summary>One connection; the client writes 64 KiB chunks as fast as the echo comes back and verifies
/// every echoed byte. Measures throughput, and the server's processor time per MiB.</summary>
internal sealed class BulkEcho : ILoadScenario
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>The client reads whatever has come back, up to this much: on 2 cores the client and the server
    /// share the processors, and a client that reads in small bites spends the time the server would need, which
    /// hides the server's own cost.</summary>
    private const int ReadBufferSize = 1024 * 1024;

    public string Name => "bulk";

    public bool IsTimed => true;

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerProcess server, LoadSettings settings)
    {
        using var socket = new Socket(server.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.EndPoint);
        var before = await server.MeasureAsync();
        var clock = Stopwatch.StartNew();
        var writing = WriteAsync(socket, settings.Duration);
        var echoed = await ReadAndVerifyAsync(socket);
        var elapsed = clock.Elapsed;
        var sent = await writing;
        if (echoed != sent)
        {
            throw new InvalidDataException($"Sent {sent} bytes but {echoed} came back.");
        }

        var after = await server.MeasureAsync();
        var mebibytes = echoed / (1024.0 * 1024);
        return
        [
            new Measurement("bulk echo 64 KiB writes: throughput", mebibytes / elapsed.TotalSeconds, "MiB/s", HigherIsBetter: true),
            .. ServerStats.CostPer("bulk echo 64 KiB writes", "MiB", mebibytes, before, after),
        ];
    }

    private static async Task<long> WriteAsync(Socket socket, TimeSpan duration)
    {
        long position = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var chunk = EchoPattern.At(position, ChunkSize);
            while (!chunk.IsEmpty)
            {
                chunk = chunk[await socket.SendAsync(chunk, SocketFlags.None)..];
            }

            position += ChunkSize;
        }

        socket.Shutdown(SocketShutdown.Send);
        return position;
    }

    private static async Task<long> ReadAndVerifyAsync(Socket socket)
    {
        var buffer = new byte[ReadBufferSize];
        long position = 0;
        int received;
        while ((received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None)) > 0)
        {
            EchoPattern.Verify(buffer.AsSpan(0, received), position);
            position += received;
        }

        return position;
    }
}
