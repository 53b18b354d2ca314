using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>
/// A listening server: it accepts connections and runs a handler for each, concurrently. Create one with
/// <see cref="Tcp.ListenAsync(IPEndPoint, Func{IConnection, Task}, CancellationToken)"/> or <c>Tls.ListenAsync</c>.
/// </summary>
/// <remarks>
/// A handler that throws, or a connection whose setup fails, costs that connection only: the server keeps
/// accepting, counts it in <see cref="FailedConnections"/> and reports it through
/// <see cref="TcpServerOptions.OnFailure"/>. The server disposes each connection when its handler ends,
/// and resets it (RST) when the handler or setup threw, so the peer never mistakes a failure for a clean end.
/// </remarks>
public sealed class Server : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly TcpServerOptions _options;
    private readonly Func<IConnection, Task> _handler;
    private readonly Func<IConnection, CancellationToken, Task<IConnection>>? _setup;
    /// <summary>Cancelled when the server stops accepting.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the open connections are closed by force; what setup steps observe.</summary>
    private readonly CancellationTokenSource _closing = new();
    private readonly HashSet<TcpConnection> _live = [];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _accepted;
    private long _rejected;
    private long _failed;

    /// <summary>The accept loop and every running handler each hold one reference; the last one out
    /// completes <see cref="_drained"/>.</summary>
    private int _running = 1;

    private Server(Socket listener, TcpServerOptions options, Func<IConnection, Task> handler,
        Func<IConnection, CancellationToken, Task<IConnection>>? setup)
    {
        _listener = listener;
        _options = options;
        _handler = handler;
        _setup = setup;
        LocalEndPoint = listener.LocalEndPoint!;
    }

    /// <summary>Where the server listens, with the real port when it was bound to port 0.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>How many connections were accepted and handed to a handler.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>How many connections were reset at once because <see cref="TcpServerOptions.MaxConnections"/>
    /// were already running.</summary>
    public long RejectedConnections => Interlocked.Read(ref _rejected);

    /// <summary>How many failures the server absorbed: handlers that threw, setups that failed, accepts that
    /// failed. Each one was reported through <see cref="TcpServerOptions.OnFailure"/>.</summary>
    public long FailedConnections => Interlocked.Read(ref _failed);

    /// <summary>How many connections are being handled now.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_live)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Binds <paramref name="endPoint"/> and starts accepting. <paramref name="setup"/>, when given,
    /// turns each accepted TCP connection into the one the handler sees (a TLS handshake); it runs on the
    /// connection's own task, and its failure costs that connection only (<see cref="ServerFailureKind.Setup"/>).
    /// Its token is cancelled when the server closes its connections (<see cref="DisposeAsync"/>, or a
    /// cancelled <see cref="StopAsync(CancellationToken)"/>).</summary>
    internal static Server Start(EndPoint endPoint, TcpServerOptions options, Func<IConnection, Task> handler,
        Func<IConnection, CancellationToken, Task<IConnection>>? setup)
    {
        var server = new Server(ListeningSocket.Bind(endPoint, options.Backlog), options, handler, setup);
        _ = server.AcceptLoopAsync();
        return server;
    }

    /// <summary>Stops accepting and waits until every running handler has returned. Connections stay open
    /// until their handlers end them; use <see cref="StopAsync(CancellationToken)"/> to bound the wait, or
    /// <see cref="DisposeAsync"/> to close them.</summary>
    /// <returns>A task that completes when no handler runs any more.</returns>
    public Task StopAsync() => StopAsync(CancellationToken.None);

    /// <summary>Stops accepting and waits until every running handler has returned; when
    /// <paramref name="cancellationToken"/> is cancelled first, the remaining connections are closed (their
    /// sources and sinks fail) and the wait goes on until their handlers return.</summary>
    /// <remarks>Closed connections are reset (RST): what they had not sent yet is dropped.</remarks>
    /// <param name="cancellationToken">Ends the graceful wait.</param>
    /// <returns>A task that completes when no handler runs any more.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopAccepting();
        using (cancellationToken.UnsafeRegister(static state => ((Server)state!).CloseConnections(), this))
        {
            await _drained.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting, resets every open connection (their sources and sinks fail with
    /// <see cref="SocketException"/>), and waits until every handler has returned. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        StopAccepting();
        CloseConnections();
        await _drained.Task.ConfigureAwait(false);
        _stopping.Dispose();
        _closing.Dispose();
    }

    private void StopAccepting()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nothing accepts.
        }

        _listener.Dispose();
        if (LocalEndPoint is UnixDomainSocketEndPoint unix)
        {
            // The socket file would refuse the next server's bind; the listener that made it removes it.
            Unix.DeleteSocketFile(unix);
        }
    }

    private void CloseConnections()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: every connection is closed.
            return;
        }

        TcpConnection[] open;
        lock (_live)
        {
            open = [.. _live];
        }

        foreach (var connection in open)
        {
            connection.Reset();
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception failure)
                {
                    Report(ServerFailureKind.Accept, remoteEndPoint: null, failure);
                    continue;
                }

                Admit(socket);
            }
        }
        finally
        {
            Leave();
        }
    }

    private void Admit(Socket socket)
    {
        TcpConnection connection;
        try
        {
            connection = new TcpConnection(socket, _options.Connection);
        }
        catch (Exception failure)
        {
            // The peer left between accept and configuration (options fail on a reset socket).
            socket.Dispose();
            Report(ServerFailureKind.Accept, remoteEndPoint: null, failure);
            return;
        }

        lock (_live)
        {
            if (_stopping.IsCancellationRequested)
            {
                // Accepted just as the server stopped: it is not served, and nothing would close it later.
                connection.Reset();
                return;
            }

            if (_live.Count >= _options.MaxConnections)
            {
                Interlocked.Increment(ref _rejected);
                connection.Reset();
                return;
            }

            _live.Add(connection);
        }

        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _running);
        // A handler may block before its first await; it must not hold up the accept loop.
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.server.ServeAsync(state.connection),
            (server: this, connection), preferLocal: false);
    }

    private async Task ServeAsync(TcpConnection tcp)
    {
        IConnection connection = tcp;
        var kind = ServerFailureKind.Setup;
        try
        {
            if (_setup is not null)
            {
                connection = await _setup(tcp, _closing.Token).ConfigureAwait(false);
            }

            kind = ServerFailureKind.Handler;
            await _handler(connection).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // A failed handler leaves the exchange unfinished: a reset tells the peer so, where a FIN would
            // look like a clean end (a proxy whose upstream failed must not pass that off as success).
            tcp.Reset();
            Report(kind, tcp.RemoteEndPoint, failure);
        }
        finally
        {
            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            if (!ReferenceEquals(connection, tcp))
            {
                await tcp.DisposeAsync().ConfigureAwait(false);
            }

            lock (_live)
            {
                _live.Remove(tcp);
            }

            Leave();
        }
    }

    private async ValueTask DisposeQuietlyAsync(IConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            Report(ServerFailureKind.Handler, connection.RemoteEndPoint, failure);
        }
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _drained.TrySetResult();
        }
    }

    private void Report(ServerFailureKind kind, EndPoint? remoteEndPoint, Exception exception)
    {
        Interlocked.Increment(ref _failed);
        var failure = new ServerFailure(kind, remoteEndPoint, exception);
        if (_options.OnFailure is not { } onFailure)
        {
            Trace.TraceError("Streamcaps server on {0}: {1} failed for {2}: {3}", LocalEndPoint, kind, remoteEndPoint, exception);
            return;
        }

        try
        {
            onFailure(failure);
        }
        catch (Exception callbackFailure)
        {
            Trace.TraceError("Streamcaps server on {0}: the failure callback threw: {1}", LocalEndPoint, callbackFailure);
        }
    }
}
