using System.Net;
using System.Net.Security;

namespace Streamcaps.Net;

/// <summary>
/// TLS clients and servers whose connections are source/sink pairs (<see cref="TlsConnection"/>), over TCP
/// or over any other <see cref="IConnection"/>. The options are .NET's own
/// <see cref="SslClientAuthenticationOptions"/> and <see cref="SslServerAuthenticationOptions"/>: trust,
/// client certificates, ALPN, protocol versions and cipher policy are set there.
/// </summary>
/// <remarks>
/// <para>Certificate validation: without a <c>RemoteCertificateValidationCallback</c> the default rules
/// apply (trusted chain, valid dates, the host name on a server certificate), and a rejection is an
/// <see cref="System.Security.Authentication.AuthenticationException"/> whose message names the reason:
/// untrusted, expired, name mismatch, missing. For a private authority set
/// <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/> (see
/// <see cref="TlsCertificates.TrustOnly"/>) rather than turning validation off.</para>
/// <para>Failures: handshake and verification failures are <see cref="System.Security.Authentication.AuthenticationException"/>,
/// a handshake that exceeds <see cref="TlsConnectionOptions.HandshakeTimeout"/> is <see cref="TimeoutException"/>;
/// either way the transport is disposed.</para>
/// </remarks>
public static class Tls
{
    /// <summary>Connects over TCP to <paramref name="host"/> and runs the client handshake with the default
    /// <see cref="TlsConnectionOptions"/> and <see cref="TcpConnectionOptions"/>.</summary>
    /// <inheritdoc cref="ConnectAsync(string, int, SslClientAuthenticationOptions, TlsConnectionOptions, TcpConnectionOptions, CancellationToken)"/>
    public static Task<IConnection> ConnectAsync(string host, int port, SslClientAuthenticationOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, options, TlsConnectionOptions.Default, TcpConnectionOptions.Default, cancellationToken);

    /// <summary>Connects over TCP to <paramref name="host"/> and runs the client handshake.</summary>
    /// <param name="host">A host name or an IP address.</param>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="options">The client's TLS settings. When <see cref="SslClientAuthenticationOptions.TargetHost"/>
    /// is not set, <paramref name="host"/> is used, for SNI and for checking the server's name; the caller's
    /// object is not modified.</param>
    /// <param name="tls">The handshake timeout and receive buffer.</param>
    /// <param name="tcp">The TCP connection's options.</param>
    /// <param name="cancellationToken">Cancels connecting and the handshake.</param>
    /// <returns>A <see cref="TlsConnection"/>; the caller owns it and disposes it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The TCP connection failed (refused, host not found, unreachable).</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed or the server's
    /// certificate was rejected; the message names the reason.</exception>
    /// <exception cref="TimeoutException">Connecting or the handshake took too long.</exception>
    public static async Task<IConnection> ConnectAsync(string host, int port, SslClientAuthenticationOptions options,
        TlsConnectionOptions tls, TcpConnectionOptions tcp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tls);
        var transport = await Tcp.ConnectAsync(host, port, tcp, cancellationToken).ConfigureAwait(false);
        var named = string.IsNullOrEmpty(options.TargetHost) ? TlsOptionsCopy.WithTargetHost(options, host) : options;
        return await TlsHandshake.AsClientAsync(transport, named, tls, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the client handshake over <paramref name="transport"/> (a STARTTLS-style upgrade, or TLS
    /// over an in-memory connection) with the default <see cref="TlsConnectionOptions"/>.</summary>
    /// <inheritdoc cref="AuthenticateAsClientAsync(IConnection, SslClientAuthenticationOptions, TlsConnectionOptions, CancellationToken)"/>
    public static Task<IConnection> AuthenticateAsClientAsync(IConnection transport, SslClientAuthenticationOptions options, CancellationToken cancellationToken = default) =>
        AuthenticateAsClientAsync(transport, options, TlsConnectionOptions.Default, cancellationToken);

    /// <summary>Runs the client handshake over <paramref name="transport"/>.</summary>
    /// <param name="transport">Any connection. From now on it belongs to the returned connection (or is
    /// disposed when the handshake fails): do not use its source or sink any more.</param>
    /// <param name="options">The client's TLS settings; set <see cref="SslClientAuthenticationOptions.TargetHost"/>
    /// to the server's name.</param>
    /// <param name="tls">The handshake timeout and receive buffer.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>A <see cref="TlsConnection"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed or the server's
    /// certificate was rejected; the message names the reason.</exception>
    /// <exception cref="TimeoutException">The handshake took longer than <see cref="TlsConnectionOptions.HandshakeTimeout"/>.</exception>
    public static Task<IConnection> AuthenticateAsClientAsync(IConnection transport, SslClientAuthenticationOptions options,
        TlsConnectionOptions tls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tls);
        return TlsHandshake.AsClientAsync(transport, options, tls, cancellationToken);
    }

    /// <summary>Runs the server handshake over <paramref name="transport"/> with the default
    /// <see cref="TlsConnectionOptions"/>.</summary>
    /// <inheritdoc cref="AuthenticateAsServerAsync(IConnection, SslServerAuthenticationOptions, TlsConnectionOptions, CancellationToken)"/>
    public static Task<IConnection> AuthenticateAsServerAsync(IConnection transport, SslServerAuthenticationOptions options, CancellationToken cancellationToken = default) =>
        AuthenticateAsServerAsync(transport, options, TlsConnectionOptions.Default, cancellationToken);

    /// <summary>Runs the server handshake over <paramref name="transport"/>.</summary>
    /// <param name="transport">Any connection. From now on it belongs to the returned connection (or is
    /// disposed when the handshake fails): do not use its source or sink any more.</param>
    /// <param name="options">The server's TLS settings: a certificate (see <see cref="TlsCertificates"/>),
    /// whether client certificates are required, ALPN.</param>
    /// <param name="tls">The handshake timeout and receive buffer.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>A <see cref="TlsConnection"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> names no server certificate.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed (garbage instead
    /// of a ClientHello, no common protocol) or the client's certificate was rejected.</exception>
    /// <exception cref="TimeoutException">The handshake took longer than <see cref="TlsConnectionOptions.HandshakeTimeout"/>.</exception>
    public static Task<IConnection> AuthenticateAsServerAsync(IConnection transport, SslServerAuthenticationOptions options,
        TlsConnectionOptions tls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ValidateServerOptions(options);
        ArgumentNullException.ThrowIfNull(tls);
        return TlsHandshake.AsServerAsync(transport, options, tls, cancellationToken);
    }

    /// <summary>Listens on <paramref name="endPoint"/> with the default <see cref="TlsConnectionOptions"/>
    /// and <see cref="TcpServerOptions"/>.</summary>
    /// <inheritdoc cref="ListenAsync(IPEndPoint, SslServerAuthenticationOptions, TlsConnectionOptions, TcpServerOptions, Func{IConnection, Task}, CancellationToken)"/>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, SslServerAuthenticationOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken = default) =>
        ListenAsync(endPoint, options, TlsConnectionOptions.Default, TcpServerOptions.Default, handler, cancellationToken);

    /// <summary>Listens on <paramref name="endPoint"/>, runs the server handshake on every accepted connection
    /// and hands each one that succeeds to <paramref name="handler"/>, concurrently.</summary>
    /// <param name="endPoint">Where to listen; port 0 picks a free port (see <see cref="Server.LocalEndPoint"/>).</param>
    /// <param name="options">The server's TLS settings, shared by every connection.</param>
    /// <param name="tls">The handshake timeout and receive buffer.</param>
    /// <param name="tcp">The server's TCP options, including <see cref="TcpServerOptions.OnFailure"/>.</param>
    /// <param name="handler">Serves one <see cref="TlsConnection"/>; the server disposes it when the task ends.</param>
    /// <param name="cancellationToken">Cancels starting to listen.</param>
    /// <returns>The running server.</returns>
    /// <remarks>A failed or timed-out handshake costs that connection only: the server keeps accepting, counts
    /// it in <see cref="Server.FailedConnections"/> and reports it to <see cref="TcpServerOptions.OnFailure"/>
    /// as <see cref="ServerFailureKind.Setup"/>, with the <see cref="System.Security.Authentication.AuthenticationException"/>
    /// or <see cref="TimeoutException"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> names no server certificate.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The address cannot be bound.</exception>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, SslServerAuthenticationOptions options, TlsConnectionOptions tls,
        TcpServerOptions tcp, Func<IConnection, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return ListenAsync(endPoint, options, tls, tcp, (connection, _) => handler(connection), cancellationToken);
    }

    /// <summary>Listens on <paramref name="endPoint"/>, runs the server handshake on every accepted connection
    /// and hands each one that succeeds to <paramref name="handler"/> with the server's stopping token, which is
    /// cancelled when the server begins to stop (<see cref="Server.StopAsync(CancellationToken)"/>).</summary>
    /// <inheritdoc cref="ListenAsync(IPEndPoint, SslServerAuthenticationOptions, TlsConnectionOptions, TcpServerOptions, Func{IConnection, Task}, CancellationToken)"/>
    public static Task<Server> ListenAsync(IPEndPoint endPoint, SslServerAuthenticationOptions options, TlsConnectionOptions tls,
        TcpServerOptions tcp, Func<IConnection, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ValidateServerOptions(options);
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(tcp);
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Server.Start(endPoint, tcp, handler,
            (transport, closing) => TlsHandshake.AsServerAsync(transport, options, tls, closing)));
    }

    /// <summary>Binds <paramref name="endPoint"/> for pull-style accept of TLS connections, with the default
    /// <see cref="TlsConnectionOptions"/> and <see cref="TcpServerOptions"/>.</summary>
    /// <inheritdoc cref="BindAsync(IPEndPoint, SslServerAuthenticationOptions, TlsConnectionOptions, TcpServerOptions, CancellationToken)"/>
    public static Task<Listener> BindAsync(IPEndPoint endPoint, SslServerAuthenticationOptions options, CancellationToken cancellationToken = default) =>
        BindAsync(endPoint, options, TlsConnectionOptions.Default, TcpServerOptions.Default, cancellationToken);

    /// <summary>Binds <paramref name="endPoint"/> and listens; every client's handshake runs as soon as it
    /// connects, concurrently with the others, and <see cref="Listener.AcceptAsync"/> hands out the
    /// connections whose handshake succeeded, as <see cref="TlsConnection"/>s.</summary>
    /// <param name="endPoint">Where to listen; port 0 picks a free port (see <see cref="Listener.LocalEndPoint"/>).</param>
    /// <param name="options">The server's TLS settings, shared by every connection.</param>
    /// <param name="tls">The handshake timeout and receive buffer.</param>
    /// <param name="tcp">Used: <see cref="TcpServerOptions.Backlog"/> (also the most connections in handshake or
    /// waiting to be taken at once), <see cref="TcpServerOptions.Connection"/> and
    /// <see cref="TcpServerOptions.OnFailure"/>.</param>
    /// <param name="cancellationToken">Cancels binding.</param>
    /// <returns>The listener, already listening and running handshakes.</returns>
    /// <remarks>A failed or timed-out handshake costs that connection only: it is reset, counted in
    /// <see cref="Listener.FailedConnections"/> and reported to <see cref="TcpServerOptions.OnFailure"/> as
    /// <see cref="ServerFailureKind.Setup"/>; it never surfaces from <see cref="Listener.AcceptAsync"/>, which
    /// waits for the next connection that succeeds.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> names no server certificate.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The address cannot be bound.</exception>
    public static Task<Listener> BindAsync(IPEndPoint endPoint, SslServerAuthenticationOptions options, TlsConnectionOptions tls,
        TcpServerOptions tcp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ValidateServerOptions(options);
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(tcp);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Listener.Bind(endPoint, tcp,
            (transport, stopping) => TlsHandshake.AsServerAsync(transport, options, tls, stopping)));
    }

    private static void ValidateServerOptions(SslServerAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServerCertificate is null && options.ServerCertificateContext is null && options.ServerCertificateSelectionCallback is null)
        {
            throw new ArgumentException(
                "The server options name no certificate: set ServerCertificate, ServerCertificateContext or ServerCertificateSelectionCallback " +
                "(TlsCertificates loads PEM and PFX files).", nameof(options));
        }
    }
}
