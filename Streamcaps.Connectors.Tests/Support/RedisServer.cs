using StackExchange.Redis;
using Streamcaps.Tests.Support;

namespace Streamcaps.Connectors.Tests.Support;

/// <summary>A <c>redis-server</c> on a free loopback port, without persistence, in a temp dir. Shared by a test
/// collection; tests keep apart by using stream keys of their own.</summary>
public sealed class RedisServer : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private ServerProcess? _server;

    /// <summary>The <c>127.0.0.1:port</c> to connect to.</summary>
    public string EndPoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = ServerProcess.FreePort();
        EndPoint = $"127.0.0.1:{port}";
        _server = await ServerProcess.StartAsync("redis-server",
            ["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", _directory.Path],
            "Ready to accept connections");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A new connection to the server (the test disposes it).</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(EndPoint);
}

/// <summary>The tests that share one <see cref="RedisServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerGroup : ICollectionFixture<RedisServer>
{
    public const string Name = "redis-server";
}
