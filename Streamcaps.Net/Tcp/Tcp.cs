using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>TCP clients and servers whose connections are source/sink pairs (<see cref="IConnection"/>).</summary>
public static class Tcp
{
    /// <summary>Connects to <paramref name="host"/> with the default <see cref="TcpConnectionOptions"/>.</summary>
    /// <inheritdoc cref="ConnectAsync(string, int, TcpConnectionOptions, CancellationToken)"/>
    public static Task<IConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, TcpConnectionOptions.Default, cancellationToken);

    /// <summary>Connects to <paramref name="host"/>: a name is resolved through DNS and its addresses
    /// (IPv4 and IPv6) are tried in turn until one accepts; an IP literal is used as it is.</summary>
    /// <param name="host">A host name or an IPv4/IPv6 address.</param>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="options">The connection's tunables.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection; the caller owns it and disposes it.</returns>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    /// <exception cref="SocketException">The connection failed: <see cref="SocketError.HostNotFound"/>,
    /// <see cref="SocketError.ConnectionRefused"/>, <see cref="SocketError.NetworkUnreachable"/>,
    /// <see cref="SocketError.HostUnreachable"/> (the failure of the last address tried).</exception>
    /// <exception cref="TimeoutException">No address accepted within <see cref="TcpConnectionOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<IConnection> ConnectAsync(string host, int port, TcpConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ArgumentNullException.ThrowIfNull(options);
        return TcpConnector.ConnectAsync(host, port, options, cancellationToken);
    }

    /// <summary>Connects to <paramref name="endPoint"/> (an <see cref="IPEndPoint"/> or a <see cref="DnsEndPoint"/>),
    /// for instance a <see cref="Server.LocalEndPoint"/>.</summary>
    /// <inheritdoc cref="ConnectAsync(string, int, TcpConnectionOptions, CancellationToken)"/>
    /// <param name="endPoint">Where to connect.</param>
    /// <param name="options">The connection's tunables; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static Task<IConnection> ConnectAsync(EndPoint endPoint, TcpConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= TcpConnectionOptions.Default;
        return endPoint switch
        {
            IPEndPoint ip => ConnectAsync(ip.Address.ToString(), ip.Port, options, cancellationToken),
            DnsEndPoint dns => ConnectAsync(dns.Host, dns.Port, options, cancellationToken),
            _ => throw new ArgumentException($"A TCP connection needs an IPEndPoint or a DnsEndPoint, not {endPoint.GetType().Name}.", nameof(endPoint)),
        };
    }

    /// <summary>Binds <paramref name="endPoint"/> with the default <see cref="TcpServerOptions"/> for pull-style
    /// accept.</summary>
    /// <inheritdoc cref="BindAsync(IPEndPoint, TcpServerOptions, CancellationToken)"/>
    public static Task<Listener> BindAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default) =>
        BindAsync(endPoint, TcpServerOptions.Default, cancellationToken);

    /// <summary>Binds <paramref name="endPoint"/> and listens; the caller takes each connection with
    /// <see cref="Listener.AcceptAsync"/> or <c>await foreach</c> (Mnet's <c>listen</c> and <c>accept</c>).</summary>
    /// <param name="endPoint">Where to listen. Port 0 picks a free port (read it from
    /// <see cref="Listener.LocalEndPoint"/>); <see cref="IPAddress.IPv6Any"/> accepts IPv4 as well.</param>
    /// <param name="options">Used: <see cref="TcpServerOptions.Backlog"/>, <see cref="TcpServerOptions.Connection"/>
    /// (applied to every accepted connection) and <see cref="TcpServerOptions.OnFailure"/> (a peer that left
    /// before it was accepted). The connections belong to the caller, so the options about serving them
    /// (<see cref="TcpServerOptions.MaxConnections"/>) do not apply.</param>
    /// <param name="cancellationToken">Cancels binding (not the listener: dispose it).</param>
    /// <returns>The listener, already listening: clients can connect before the first accept.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SocketException">The address cannot be bound (<see cref="SocketError.AddressAlreadyInUse"/>,
    /// <see cref="SocketError.AddressNotAvailable"/>).</exception>
    public static Task<Listener> BindAsync(IPEndPoint endPoint, TcpServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Listener.Bind(endPoint, options, setup: null));
    }

    /// <summary>Listens on <paramref name="endPoint"/> with the default <see cref="TcpServerOptions"/>.</summary>
    /// <inheritdoc cref="ListenAsync(IPEndPoint, TcpServerOptions, Func{IConnection, Task}, CancellationToken)"/>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, Func<IConnection, Task> handler, CancellationToken cancellationToken = default) =>
        ListenAsync(endPoint, TcpServerOptions.Default, handler, cancellationToken);

    /// <summary>Listens on <paramref name="endPoint"/> and runs <paramref name="handler"/> for every accepted
    /// connection, each on its own, concurrently.</summary>
    /// <param name="endPoint">Where to listen. Port 0 picks a free port (read it from
    /// <see cref="Server.LocalEndPoint"/>); <see cref="IPAddress.IPv6Any"/> accepts IPv4 as well.</param>
    /// <param name="options">The server's tunables.</param>
    /// <param name="handler">Serves one connection. The server disposes the connection when the returned task
    /// ends; a handler that throws costs only its connection and is reported through
    /// <see cref="TcpServerOptions.OnFailure"/>.</param>
    /// <param name="cancellationToken">Cancels starting to listen (not the server: stop it with
    /// <see cref="Server.StopAsync()"/> or dispose it).</param>
    /// <returns>The running server, already accepting.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SocketException">The address cannot be bound (<see cref="SocketError.AddressAlreadyInUse"/>,
    /// <see cref="SocketError.AddressNotAvailable"/>).</exception>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, TcpServerOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Server.Start(endPoint, options, handler, setup: null));
    }

    /// <summary>Listens on <paramref name="endPoint"/> with the default <see cref="TcpServerOptions"/>; the handler
    /// also gets the server's stopping token.</summary>
    /// <inheritdoc cref="ListenAsync(IPEndPoint, TcpServerOptions, Func{IConnection, CancellationToken, Task}, CancellationToken)"/>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, Func<IConnection, CancellationToken, Task> handler, CancellationToken cancellationToken = default) =>
        ListenAsync(endPoint, TcpServerOptions.Default, handler, cancellationToken);

    /// <summary>Listens on <paramref name="endPoint"/> and runs <paramref name="handler"/> for every accepted
    /// connection, with the server's stopping token: it is cancelled when the server begins to stop
    /// (<see cref="Server.StopAsync(CancellationToken)"/>), for a handler to finish its exchange at a boundary
    /// of its own (the end of a request, a message) and end the connection.</summary>
    /// <inheritdoc cref="ListenAsync(IPEndPoint, TcpServerOptions, Func{IConnection, Task}, CancellationToken)"/>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, TcpServerOptions options, Func<IConnection, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Server.Start(endPoint, options, handler, setup: null));
    }
}
