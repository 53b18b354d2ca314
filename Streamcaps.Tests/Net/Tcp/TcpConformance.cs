using System.Net;
using System.Threading.Channels;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net;

/// <summary>Real loopback TCP pairs for the conformance checks: a <see cref="Tcp"/> client and the connection
/// a <see cref="Server"/> accepted for it, kept open until the check disposes both. Other transports that
/// have a <see cref="Server"/> (Unix domain sockets) pass their own listen and connect.</summary>
internal sealed class TcpPairs : IAsyncDisposable
{
    private readonly Channel<IConnection> _accepted = Channel.CreateUnbounded<IConnection>();
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Server _server;
    private readonly Func<Server, Task<IConnection>> _connect;

    public TcpPairs(IPAddress address)
        : this(handler => Tcp.ListenAsync(new IPEndPoint(address, 0), handler), server => Tcp.ConnectAsync(server.LocalEndPoint))
    {
    }

    public TcpPairs(Func<Func<IConnection, Task>, Task<Server>> listen, Func<Server, Task<IConnection>> connect)
    {
        _connect = connect;
        _server = listen(connection =>
        {
            _accepted.Writer.TryWrite(connection);
            return _closing.Task;
        }).GetAwaiter().GetResult();
    }

    public async Task<(IConnection Client, IConnection Accepted)> CreateAsync()
    {
        var client = await _connect(_server);
        var accepted = await _accepted.Reader.ReadAsync();
        return (client, accepted);
    }

    public async ValueTask DisposeAsync()
    {
        _closing.TrySetResult();
        await _server.DisposeAsync();
    }
}

public sealed class TcpTwoWayConformance : TwoWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback);

    protected override Task<(IConnection A, IConnection B)> CreatePairAsync() => _pairs.CreateAsync();

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

public sealed class TcpIPv6TwoWayConformance : TwoWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.IPv6Loopback);

    protected override Task<(IConnection A, IConnection B)> CreatePairAsync() => _pairs.CreateAsync();

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>Client to server: the client's sink writes, the accepted connection's source reads.</summary>
public sealed class TcpClientToServerConformance : OneWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback);

    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var (client, accepted) = await _pairs.CreateAsync();
        return new OneWayEnds(client.Sink, accepted.Source, async () =>
        {
            await client.DisposeAsync();
            await accepted.DisposeAsync();
        });
    }

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>Server to client: the accepted connection's sink writes, the client's source reads.</summary>
public sealed class TcpServerToClientConformance : OneWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback);

    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var (client, accepted) = await _pairs.CreateAsync();
        return new OneWayEnds(accepted.Sink, client.Source, async () =>
        {
            await accepted.DisposeAsync();
            await client.DisposeAsync();
        });
    }

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}
