using System.Globalization;
using Streamcaps.Tests.Support;

namespace Streamcaps.Connectors.Tests.Support;

/// <summary>A 3-node JetStream cluster on free loopback ports, each node with its store in a temp dir; a node can be
/// restarted on the same ports and store. Killed on dispose.</summary>
internal sealed class NatsCluster : IAsyncDisposable
{
    private readonly TempDirectory _store = new();
    private readonly int[] _clientPorts = [ServerProcess.FreePort(), ServerProcess.FreePort(), ServerProcess.FreePort()];
    private readonly int[] _routePorts = [ServerProcess.FreePort(), ServerProcess.FreePort(), ServerProcess.FreePort()];
    private readonly ServerProcess?[] _nodes = new ServerProcess?[3];

    /// <summary>Every node's client URL, comma-separated (as NATS.Net and the WorkQueue sample take them).</summary>
    public string Urls => string.Join(',', _clientPorts.Select(port => $"nats://127.0.0.1:{port}"));

    public static async Task<NatsCluster> StartAsync()
    {
        var cluster = new NatsCluster();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(cluster.StartNodeAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills node <paramref name="index"/> (SIGKILL) and starts it again on the same ports and store.</summary>
    public async Task RestartNodeAsync(int index)
    {
        await _nodes[index]!.DisposeAsync();
        await StartNodeAsync(index);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        _store.Dispose();
    }

    private async Task StartNodeAsync(int index)
    {
        var routes = string.Join(',', _routePorts.Select(port => $"nats-route://127.0.0.1:{port}"));
        _nodes[index] = await ServerProcess.StartAsync("nats-server",
        [
            "--server_name", $"n{index}", "--addr", "127.0.0.1", "--port", _clientPorts[index].ToString(CultureInfo.InvariantCulture),
            "--cluster_name", "streamcaps-tests", "--cluster", $"nats://127.0.0.1:{_routePorts[index]}", "--routes", routes,
            "--jetstream", "--store_dir", _store.File($"n{index}"),
        ], "Server is ready");
    }
}
