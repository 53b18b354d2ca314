using System.Net;
using System.Threading.Channels;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net.Faults;

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

    /// <param name="address">The loopback address to use.</param>
    /// <param name="throughRelay">Whether clients reach the server through a <see cref="FaultRelay"/>.</param>
    /// <param name="splitThroughRelay">Whether they do through one that sends every byte on its own.</param>
    public TcpPairs(IPAddress address, bool throughRelay = false, bool splitThroughRelay = false)
        : this(handler => Tcp.ListenAsync(new IPEndPoint(address, 0), handler), server => Tcp.ConnectAsync(server.LocalEndPoint))
    {
        Relay = throughRelay || splitThroughRelay ? FaultRelay.Start((IPEndPoint)_server.LocalEndPoint, splitThroughRelay) : null;
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

    /// <summary>The relay between clients and the server, when there is one.</summary>
    public FaultRelay? Relay { get; }

    public async Task<(IConnection Client, IConnection Accepted)> CreateAsync()
    {
        var client = Relay is null ? await _connect(_server) : await Tcp.ConnectAsync(Relay.LocalEndPoint);
        var accepted = await _accepted.Reader.ReadAsync();
        return (client, accepted);
    }

    /// <summary>Client to server: the client's sink writes, the accepted connection's source reads.</summary>
    public async Task<OneWayEnds> CreateClientToServerAsync()
    {
        var (client, accepted) = await CreateAsync();
        return new OneWayEnds(client.Sink, accepted.Source, () => DisposeBothAsync(client, accepted));
    }

    /// <summary>Disposes both ends at once: one whose sink completed waits for the other's FIN
    /// (<see cref="TcpConnectionOptions.LingerTimeout"/>), which disposing the other sends.</summary>
    public static async ValueTask DisposeBothAsync(IConnection first, IConnection second) =>
        await Task.WhenAll(first.DisposeAsync().AsTask(), second.DisposeAsync().AsTask());

    public async ValueTask DisposeAsync()
    {
        _closing.TrySetResult();
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

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

    protected override Task<OneWayEnds> CreateStreamAsync() => _pairs.CreateClientToServerAsync();

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

/// <summary>Server to client: the accepted connection's sink writes, the client's source reads.</summary>
public sealed class TcpServerToClientConformance : OneWayByteStreamConformance, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback);

    protected override async Task<OneWayEnds> CreateStreamAsync()
    {
        var (client, accepted) = await _pairs.CreateAsync();
        return new OneWayEnds(accepted.Sink, client.Source, () => TcpPairs.DisposeBothAsync(accepted, client));
    }

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}
