using System.Diagnostics;
using System.Net.Sockets;

namespace Streamcaps.Load.Scenarios;

/// <summary>Many connections, each sending 64 bytes and waiting for their echo before the next round trip.
/// Measures round trips per second and the latency of each round trip (p50, p99).</summary>
internal sealed class PingPong(int connections) : ILoadScenario
{
    private const int MessageSize = 64;

    public string Name => $"pingpong{connections}";

    public bool IsTimed => true;

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerProcess server, LoadSettings settings)
    {
        var sockets = new Socket[connections];
        for (var i = 0; i < connections; i++)
        {
            sockets[i] = new Socket(server.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await sockets[i].ConnectAsync(server.EndPoint);
        }

        var measurements = await RunAsync(server, sockets, settings.Duration, $"ping-pong 64 B, {connections} conn");
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        return measurements;
    }

    /// <summary>Every one of <paramref name="sockets"/> (open to <paramref name="server"/>) makes 64-byte round trips
    /// for <paramref name="duration"/>; returns the round trips per second, the server's cost of each and their
    /// latencies, labelled <paramref name="label"/>.</summary>
    public static async Task<Measurement[]> RunAsync(ServerProcess server, Socket[] sockets, TimeSpan duration, string label)
    {
        var before = await server.MeasureAsync();
        var latencies = new LatencyHistogram();
        var clock = Stopwatch.StartNew();
        var rounds = await Task.WhenAll(sockets.Select(s => Task.Run(() => PingAsync(s, duration, latencies))));
        var elapsed = clock.Elapsed;
        var after = await server.MeasureAsync();
        return
        [
            new Measurement($"{label}: round trips", rounds.Sum() / elapsed.TotalSeconds, "RT/s", HigherIsBetter: true),
            .. ServerStats.CostPer(label, "round trip", rounds.Sum(), before, after),
            new Measurement($"{label}: p50 latency", latencies.Percentile(0.50), "µs", HigherIsBetter: false),
            new Measurement($"{label}: p99 latency", latencies.Percentile(0.99), "µs", HigherIsBetter: false),
        ];
    }

    private static async Task<long> PingAsync(Socket socket, TimeSpan duration, LatencyHistogram latencies)
    {
        var echo = new byte[MessageSize];
        long position = 0;
        long rounds = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await socket.SendAsync(EchoPattern.At(position, MessageSize), SocketFlags.None);
            for (var received = 0; received < MessageSize;)
            {
                var count = await socket.ReceiveAsync(echo.AsMemory(received), SocketFlags.None);
                if (count == 0)
                {
                    throw new InvalidDataException("The server closed the connection in the middle of a round trip.");
                }

                received += count;
            }

            latencies.Record(Stopwatch.GetElapsedTime(started));
            EchoPattern.Verify(echo, position);
            position += MessageSize;
            rounds++;
        }

        return rounds;
    }
}
