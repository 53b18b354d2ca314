namespace Streamcaps.Load.Scenarios;

/// <summary>How the server's cost grows with the number of connections: opens <c>connections</c> of them
/// (each echoes one byte first) and measures what the server holds per connection beyond what it held with none
/// open (managed heap, working set, private resident memory); then every connection makes 64-byte round trips
/// at once for the run's duration (echo throughput, latency, server cost per round trip), and the memory per
/// connection is measured again with them all idle after that load (what the load left in pools and buffers).
/// The connections end with a FIN each, answered by the server's, so a run leaves nothing behind in the server
/// (the measured run follows a warm-up run of the same shape in the same process, and measures from there). Run at 100, 1,000 and 10,000 connections, the rows show whether memory per connection and throughput stay
/// flat. Both processes need a file-descriptor limit above the connection count (see benchmarks/run-all.sh).</summary>
internal sealed class ConnectionScaling(int connections) : ILoadScenario
{
    /// <summary>How long the server may take to answer every connection's FIN at the end: generous, as 10,000
    /// connections end at once on a busy machine.</summary>
    private static readonly TimeSpan ClosingTimeout = TimeSpan.FromSeconds(60);

    public string Name => $"scale{connections}";

    public bool IsTimed => true;

    public async Task<IReadOnlyList<Measurement>> RunAsync(ServerProcess server, LoadSettings settings)
    {
        var label = $"{connections} conn";
        var none = await server.MeasureAsync();
        var sockets = await IdleConnections.OpenAsync(server, connections);
        try
        {
            var idle = await server.MeasureAsync();
            var load = await PingPong.RunAsync(server, sockets, settings.Duration, $"{label}, ping-pong 64 B");
            var afterLoad = await server.MeasureAsync();
            return
            [
                .. ServerStats.MemoryPer($"{label}, idle", connections, none, idle),
                .. load,
                .. ServerStats.MemoryPer($"{label}, idle after the load", connections, none, afterLoad),
            ];
        }
        finally
        {
            await IdleConnections.CloseGracefullyAsync(sockets, ClosingTimeout);
        }
    }
}
