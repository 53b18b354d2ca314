using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>Unix domain stream sockets as source/sink pairs: the same <see cref="IConnection"/>,
/// <see cref="Server"/> and rules as <see cref="Tcp"/>, addressed by a path in the file system.</summary>
/// <remarks>
/// <para>A Unix domain socket half-closes like TCP (the sink's <c>CompleteAsync</c> is the peer's end of stream).
/// It has no reset: an aborted connection reaches the peer as a failure only when the peer still had unread data
/// in flight (Linux reports <see cref="SocketError.ConnectionReset"/> then); otherwise the peer sees an end of
/// stream. A protocol that must tell a cut from a clean end over a Unix socket says where its data ends (a
/// length prefix, a final frame), as it would over a file.</para>
/// <para>Options that only TCP has (<see cref="TcpConnectionOptions.NoDelay"/>, <see cref="TcpConnectionOptions.KeepAlive"/>)
/// are ignored; the buffers and timeouts apply.</para>
/// </remarks>
public static class Unix
{
    /// <summary>Connects to the Unix domain socket at <paramref name="path"/>.</summary>
    /// <param name="path">The socket file a server listens on.</param>
    /// <param name="options">The connection's buffers and timeouts; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection; the caller owns it and disposes it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="SocketException">Nobody listens there (<see cref="SocketError.ConnectionRefused"/>), or no
    /// socket file exists (<see cref="SocketError.AddressNotAvailable"/>).</exception>
    /// <exception cref="TimeoutException">The connection was not made within <see cref="TcpConnectionOptions.ConnectTimeout"/>.</exception>
    public static async Task<IConnection> ConnectAsync(string path, TcpConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= TcpConnectionOptions.Default;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token).ConfigureAwait(false);
            return new TcpConnection(socket, options, opened: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw TcpErrors.ConnectTimeout(path, options.ConnectTimeout);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Listens on <paramref name="path"/> with the default <see cref="TcpServerOptions"/>.</summary>
    /// <inheritdoc cref="ListenAsync(string, TcpServerOptions, Func{IConnection, Task}, CancellationToken)"/>
    public static Task<Server> ListenAsync(string path, Func<IConnection, Task> handler, CancellationToken cancellationToken = default) =>
        ListenAsync(path, TcpServerOptions.Default, handler, cancellationToken);

    /// <summary>Creates the socket file <paramref name="path"/>, listens on it and runs <paramref name="handler"/> for
    /// every accepted connection, concurrently, exactly as <see cref="Tcp.ListenAsync(System.Net.IPEndPoint, TcpServerOptions, Func{IConnection, Task}, CancellationToken)"/>
    /// does. The server removes the socket file when it stops.</summary>
    /// <param name="path">Where to create the socket file. It must not exist: a stale file from a server that
    /// crashed is not removed silently (another server may own it).</param>
    /// <param name="options">The server's tunables.</param>
    /// <param name="handler">Serves one connection; the server disposes it when the task ends.</param>
    /// <param name="cancellationToken">Cancels starting to listen.</param>
    /// <returns>The running server; its <see cref="Server.LocalEndPoint"/> is a <see cref="UnixDomainSocketEndPoint"/>.</returns>
    /// <exception cref="SocketException">The path exists already (<see cref="SocketError.AddressAlreadyInUse"/>) or
    /// cannot be created.</exception>
    public static Task<Server> ListenAsync(string path, TcpServerOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Server.Start(new UnixDomainSocketEndPoint(path), options, handler, setup: null));
    }

    /// <summary>Removes the socket file a stopped listener leaves behind.</summary>
    internal static void DeleteSocketFile(UnixDomainSocketEndPoint endPoint)
    {
        try
        {
            File.Delete(endPoint.ToString());
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // Removed or moved by someone else: nothing of ours is left.
        }
    }
}
