using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>
/// A listening server: it accepts connections and runs a handler for each, concurrently. Create one with
/// <see cref="Tcp.ListenAsync(IPEndPoint, Func{IConnection, Task}, CancellationToken)"/> or <c>Tls.ListenAsync</c>.
/// </summary>
/// <remarks>
/// <para>A handler that throws, or a connection whose setup fails, costs that connection only: the server keeps
/// accepting, counts it in <see cref="FailedConnections"/> and reports it through
/// <see cref="TcpServerOptions.OnFailure"/> and <see cref="TcpServerOptions.LoggerFactory"/> (see
/// <see cref="StreamcapsNetDiagnostics"/> for its metrics and traces). The server disposes each connection when its handler ends,
/// and resets it (RST) when the handler or setup threw, so the peer never mistakes a failure for a clean end.</para>
/// <para>Stopping, as Kestrel does: <see cref="StopAsync(CancellationToken)"/> stops accepting at once (a new
/// connect is refused), tells the handlers through their stopping token, ends every connection's source at the
/// next item boundary (<see cref="TcpServerOptions.EndSourcesOnStop"/>) so that a flow from it completes its
/// sink (FIN; TLS: close_notify, then FIN) after every byte it delivered, drains the input nobody read so the
/// close is a FIN and not a reset, and resets (RST) only what is still open when its token fires.
/// <see cref="StopAsync()"/> gives it <see cref="TcpServerOptions.ShutdownTimeout"/>. <see cref="DisposeAsync"/>
/// stops at once: it resets every open connection.</para>
/// </remarks>
public sealed class Server : IAsyncDisposable
{
    /// <summary>How long a drain waits for more input before it closes (as Apache's lingering close waits two
    /// seconds per read).</summary>
    private static readonly TimeSpan DrainQuietTimeout = TimeSpan.FromSeconds(2);

    private readonly Socket _listener;
    private readonly TcpServerOptions _options;
    private readonly Func<IConnection, CancellationToken, Task> _handler;
    private readonly Func<IConnection, CancellationToken, Task<IConnection>>? _setup;
    private readonly ServerDiagnostics _diagnostics;

    /// <summary>Cancelled when the server begins to stop: it stops accepting, and this is the handlers' token.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the open connections are closed by force; what setup steps and drains observe.</summary>
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Every accepted connection being served, with the connection its handler got once setup made it
    /// (null until then): that one's source is ended when the server stops.</summary>
    private readonly Dictionary<TcpConnection, IConnection?> _live = [];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Set, under the lock of <see cref="_live"/>, when the server begins to stop: a connection admitted
    /// or set up after it is not left running.</summary>
    private bool _stopBegun;

    /// <summary>Whether the stop is graceful: it ends the connections' sources, and drains before closing.</summary>
    private bool _endingSources;
    private long _accepted;
    private long _rejected;
    private long _failed;

    /// <summary>The accept loop and every running handler each hold one reference; the last one out
    /// completes <see cref="_drained"/>.</summary>
    private int _running = 1;

    private Server(Socket listener, TcpServerOptions options, Func<IConnection, CancellationToken, Task> handler,
        Func<IConnection, CancellationToken, Task<IConnection>>? setup)
    {
        _listener = listener;
        _options = options;
        _handler = handler;
        LocalEndPoint = listener.LocalEndPoint!;
        _diagnostics = new ServerDiagnostics(LocalEndPoint, options);
        _setup = _diagnostics.MeasureHandshake(setup);
        _diagnostics.Listening();
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

    /// <summary>Binds <paramref name="endPoint"/> and starts accepting, with a handler that does not take the
    /// stopping token.</summary>
    /// <inheritdoc cref="Start(EndPoint, TcpServerOptions, Func{IConnection, CancellationToken, Task}, Func{IConnection, CancellationToken, Task{IConnection}})"/>
    internal static Server Start(EndPoint endPoint, TcpServerOptions options, Func<IConnection, Task> handler,
        Func<IConnection, CancellationToken, Task<IConnection>>? setup) =>
        Start(endPoint, options, (connection, _) => handler(connection), setup);

    /// <summary>Binds <paramref name="endPoint"/> and starts accepting. <paramref name="setup"/>, when given,
    /// turns each accepted TCP connection into the one the handler sees (a TLS handshake); it runs on the
    /// connection's own task, and its failure costs that connection only (<see cref="ServerFailureKind.Setup"/>).
    /// Its token is cancelled when the server closes its connections (<see cref="DisposeAsync"/>, or the
    /// token of <see cref="StopAsync(CancellationToken)"/>). The handler's token is cancelled when the server
    /// begins to stop.</summary>
    internal static Server Start(EndPoint endPoint, TcpServerOptions options, Func<IConnection, CancellationToken, Task> handler,
        Func<IConnection, CancellationToken, Task<IConnection>>? setup)
    {
        var server = new Server(ListeningSocket.Bind(endPoint, options.Backlog), options, handler, setup);
        _ = server.AcceptLoopAsync();
        return server;
    }

    /// <summary>Stops gracefully within <see cref="TcpServerOptions.ShutdownTimeout"/> (default 30 seconds):
    /// see <see cref="StopAsync(CancellationToken)"/>.</summary>
    /// <returns>A task that completes when every connection was closed, gracefully or, at the deadline, by a reset.</returns>
    public async Task StopAsync()
    {
        if (_options.ShutdownTimeout == Timeout.InfiniteTimeSpan)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }

        using var deadline = new CancellationTokenSource(_options.ShutdownTimeout);
        await StopAsync(deadline.Token).ConfigureAwait(false);
    }

    /// <summary>Stops gracefully: stops accepting at once, lets every connection finish, and resets what is still
    /// open when <paramref name="cancellationToken"/> fires.</summary>
    /// <remarks>
    /// <para>In order: the listening socket closes, so a new connect is refused. The handlers' stopping token
    /// (<see cref="Tcp.ListenAsync(IPEndPoint, Func{IConnection, CancellationToken, Task}, CancellationToken)"/>)
    /// is cancelled. With <see cref="TcpServerOptions.EndSourcesOnStop"/> (the default) every connection's source
    /// ends at the next item boundary, as if the peer had half-closed: a delivery in progress finishes, a wait
    /// for the peer ends at once, and a flow from the source completes its sink, so
    /// <c>Flow.RunAsync(c.Source, c.Sink)</c> stops with no code of its own and the peer receives every byte
    /// the server delivered, then a FIN (TLS: close_notify, then FIN). What the peer sent and the server had
    /// not read yet is not processed: when a handler returns, the server reads and discards the peer's further
    /// input until the peer closes, so the close is a FIN and not a reset.</para>
    /// <para>When <paramref name="cancellationToken"/> fires before every handler has returned and every
    /// connection was closed, the connections still open are reset (RST; their sources and sinks fail), and
    /// this method returns without waiting for their handlers (<see cref="DisposeAsync"/> waits for them).
    /// It does not throw when the token fires: the reset is how a graceful stop ends at its deadline.</para>
    /// <para>A peer sees a graceful stop as the server's decision to end the exchange early and cleanly. A
    /// handler that must not present a cut stream as complete (a proxy forwarding the client's bytes upstream)
    /// sets <see cref="TcpServerOptions.EndSourcesOnStop"/> to false and ends its connections itself, or lets
    /// the deadline reset them.</para>
    /// <para>Safe to call more than once, and together with <see cref="DisposeAsync"/>.</para>
    /// </remarks>
    /// <param name="cancellationToken">Ends the graceful wait: what is still open then is reset.</param>
    /// <returns>A task that completes when every connection was closed, gracefully or by a reset.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginStop(endSources: true);
        try
        {
            await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CloseConnections();
        }
    }

    /// <summary>Stops at once: stops accepting, resets every open connection (their sources and sinks fail with
    /// <see cref="SocketException"/>), and waits until every handler has returned. Safe to call more than once,
    /// and after <see cref="StopAsync(CancellationToken)"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        BeginStop(endSources: false);
        CloseConnections();
        await _drained.Task.ConfigureAwait(false);
        _stopping.Dispose();
        _closing.Dispose();
    }

    /// <summary>Stops accepting, cancels the handlers' stopping token and, with <paramref name="endSources"/>,
    /// ends the sources of the connections being served (a stop at once resets them instead).</summary>
    private void BeginStop(bool endSources)
    {
        KeyValuePair<TcpConnection, IConnection?>[] open;
        lock (_live)
        {
            if (_stopBegun)
            {
                return;
            }

            _stopBegun = true;
            _endingSources = endSources;
            open = [.. _live];
        }

        // Outside the lock: the token runs the handlers' callbacks.
        _stopping.Cancel();
        _listener.Dispose();
        if (LocalEndPoint is UnixDomainSocketEndPoint unix)
        {
            // The socket file would refuse the next server's bind; the listener that made it removes it.
            Unix.DeleteSocketFile(unix);
        }

        if (endSources)
        {
            foreach (var (_, handled) in open)
            {
                EndSource(handled);
            }
        }
    }

    /// <summary>Ends the source of a connection handed to a handler, when the options say so.</summary>
    private void EndSource(IConnection? handled)
    {
        if (_options.EndSourcesOnStop && handled is IStoppableConnection stoppable)
        {
            stoppable.EndSource();
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
            open = [.. _live.Keys];
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
            connection = new TcpConnection(socket, _options.Connection, endable: _setup is null && _options.EndSourcesOnStop) { Diagnostics = _diagnostics };
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
            if (_stopBegun)
            {
                // Accepted just as the server stopped: it is not served, and nothing would close it later.
                connection.Reset();
                return;
            }

            if (_live.Count >= _options.MaxConnections)
            {
                Interlocked.Increment(ref _rejected);
                connection.Reset();
                _diagnostics.Rejected(connection.RemoteEndPoint);
                return;
            }

            _live.Add(connection, null);
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
        var failed = false;
        var scope = _diagnostics.ConnectionOpened(tcp.RemoteEndPoint);
        try
        {
            if (_setup is not null)
            {
                connection = await _setup(tcp, _closing.Token).ConfigureAwait(false);
            }

            Handing(tcp, connection);
            kind = ServerFailureKind.Handler;
            await _handler(connection, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // A failed handler leaves the exchange unfinished: a reset tells the peer so, where a FIN would
            // look like a clean end (a proxy whose upstream failed must not pass that off as success).
            failed = true;
            var inTransport = FailedInTransport(connection, tcp);
            tcp.Reset();
            Report(kind, tcp.RemoteEndPoint, failure, inTransport);
            scope.Failure = failure;
        }
        finally
        {
            if (!failed && Volatile.Read(ref _endingSources))
            {
                await DrainAsync(tcp).ConfigureAwait(false);
            }

            await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            if (!ReferenceEquals(connection, tcp))
            {
                await tcp.DisposeAsync().ConfigureAwait(false);
            }

            lock (_live)
            {
                _live.Remove(tcp);
            }

            _diagnostics.ConnectionClosed(scope);
            Leave();
        }
    }

    /// <summary>Records the connection the handler gets; when the server began to stop during setup, its source
    /// is ended before the handler starts.</summary>
    private void Handing(TcpConnection tcp, IConnection connection)
    {
        lock (_live)
        {
            _live[tcp] = connection;
            if (!_endingSources)
            {
                return;
            }
        }

        EndSource(connection);
    }

    /// <summary>Reads and discards what the peer still sends after the stop ended the source, until the peer
    /// closes, sends nothing for <see cref="DrainQuietTimeout"/>, or the stop's deadline passes (see
    /// <see cref="InputDrain"/>).</summary>
    private Task DrainAsync(TcpConnection tcp) =>
        InputDrain.ReadAwayAsync(tcp.Socket, DrainQuietTimeout, _closing.Token).AsTask();

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

    /// <summary>Whether the connection the server accepted failed by itself (the peer reset it, or sent what could
    /// not be read) before its handler gave up, as opposed to a handler that failed on something else of its own,
    /// an upstream that refused a proxy for one: operators need the two apart.</summary>
    private static bool FailedInTransport(IConnection connection, TcpConnection tcp) =>
        (connection as IConnectionStatus)?.Status.Failure is not null || tcp.Status.Failure is not null;

    private void Report(ServerFailureKind kind, EndPoint? remoteEndPoint, Exception exception, bool inTransport = false)
    {
        Interlocked.Increment(ref _failed);
        var failure = new ServerFailure(kind, remoteEndPoint, exception);
        _diagnostics.Failed(failure, inTransport);
        if (_options.OnFailure is not { } onFailure)
        {
            return;
        }

        try
        {
            onFailure(failure);
        }
        catch (Exception callbackFailure)
        {
            _diagnostics.FailureCallbackFailed(callbackFailure);
        }
    }
}
