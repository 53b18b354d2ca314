using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Streamcaps.Tests.Support;

namespace Streamcaps.Connectors.Tests.Support;

/// <summary>A single JetStream-enabled <c>nats-server</c> on a free loopback port, with its store in a temp dir.
/// Shared by a test collection; tests keep apart by using streams and subjects of their own.</summary>
public sealed class NatsServer : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _store = new();
    private ServerProcess? _server;

    /// <summary>The client URL, <c>nats://127.0.0.1:port</c>.</summary>
    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = ServerProcess.FreePort();
        Url = $"nats://127.0.0.1:{port}";
        _server = await ServerProcess.StartAsync("nats-server",
            ["--addr", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--jetstream", "--store_dir", _store.Path],
            "Server is ready");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _store.Dispose();

    /// <summary>A new connection to the server (the test disposes it).</summary>
    public NatsConnection Connect() => new(new NatsOpts { Url = Url, Name = "streamcaps-tests" });

    /// <summary>Creates a stream of its own for one test, capturing <c>name.&gt;</c>, and returns its name.</summary>
    public static async Task<string> CreateStreamAsync(INatsConnection connection, string prefix, int replicas = 1)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)].ToUpperInvariant();
        var js = new NatsJSContext(connection);
        await js.CreateStreamAsync(new StreamConfig(name, [name.ToLowerInvariant() + ".>"]) { NumReplicas = replicas });
        return name;
    }
}

/// <summary>The tests that share one <see cref="NatsServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class NatsServerGroup : ICollectionFixture<NatsServer>
{
    public const string Name = "nats-server";
}
