using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Streamcaps.Net;

/// <summary>
/// A bound, listening socket whose connections the caller takes one by one (pull-style accept, Mnet's
/// <c>accept</c>), next to <see cref="Server"/>'s handler callback. Create one with
/// <see cref="Tcp.BindAsync(IPEndPoint, CancellationToken)"/> or
/// <see cref="Tls.BindAsync(IPEndPoint, System.Net.Security.SslServerAuthenticationOptions, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// <para>Take connections with <see cref="AcceptAsync"/> or <c>await foreach (var connection in listener)</c>.
/// Each connection handed out belongs to the caller, who disposes it; the listener does not track it and
/// disposing the listener does not close it. Several <see cref="AcceptAsync"/> calls may wait at once.</para>
/// <para>A TLS listener runs the handshake before it hands a connection out. Handshakes run concurrently, on
/// their own, as soon as a client connects (one slow client never holds up the others), and at most
/// <see cref="TcpServerOptions.Backlog"/> connections are being set up or waiting to be taken at a time; beyond
/// that, clients wait in the operating system's queue. A failed or timed-out handshake costs that connection
/// only: it is reset, counted in <see cref="FailedConnections"/> and reported to
/// <see cref="TcpServerOptions.OnFailure"/> as <see cref="ServerFailureKind.Setup"/>; it never surfaces from
/// <see cref="AcceptAsync"/>.</para>
/// <para>Disposing stops accepting: waiting <see cref="AcceptAsync"/> calls and later ones throw
/// <see cref="ObjectDisposedException"/>, an enumeration ends, and connections set up but not taken yet are
/// reset.</para>
/// </remarks>
public sealed class Listener : IAsyncDisposable, IAsyncEnumerable<IConnection>
{
    private readonly Socket _socket;
    private readonly TcpServerOptions _options;
    /// <summary>Turns an accepted TCP connection into the one handed out (the TLS handshake); null for plain TCP.</summary>
    private readonly Func<IConnection, CancellationToken, Task<IConnection>>? _setup;
    private readonly CancellationTokenSource _disposing = new();
    /// <summary>Connections whose setup finished, waiting to be taken (set-up listeners only).</summary>
    private readonly Channel<IConnection> _ready = Channel.CreateUnbounded<IConnection>();
    /// <summary>Room for one more connection in setup or waiting to be taken (set-up listeners only).</summary>
    private readonly SemaphoreSlim _room;
    /// <summary>The accept loop and every setup in progress each hold one reference; the last one out completes
    /// <see cref="_stopped"/>.</summary>
    private int _running = 1;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _accepted;
    private long _failed;
    private int _disposed;

    private Listener(Socket socket, TcpServerOptions options, Func<IConnection, CancellationToken, Task<IConnection>>? setup)
    {
        _socket = socket;
        _options = options;
        _setup = setup;
        _room = new SemaphoreSlim(options.Backlog);
        LocalEndPoint = socket.LocalEndPoint!;
    }

    /// <summary>Where the listener listens, with the real port when it was bound to port 0.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>How many connections were handed out by <see cref="AcceptAsync"/>.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>How many connections the listener absorbed a failure for: a peer that left before it was
    /// accepted, a handshake that failed. Each one was reported through <see cref="TcpServerOptions.OnFailure"/>.</summary>
    public long FailedConnections => Interlocked.Read(ref _failed);

    /// <summary>Binds <paramref name="endPoint"/> and listens; with <paramref name="setup"/>, starts accepting and
    /// setting connections up at once, so clients' handshakes do not wait for the first <see cref="AcceptAsync"/>.</summary>
    internal static Listener Bind(IPEndPoint endPoint, TcpServerOptions options,
        Func<IConnection, CancellationToken, Task<IConnection>>? setup)
    {
        var listener = new Listener(ListeningSocket.Bind(endPoint, options.Backlog), options, setup);
        if (setup is not null)
        {
            _ = listener.SetUpLoopAsync();
        }
        else
        {
            listener.Leave();
        }

        return listener;
    }

    /// <summary>Waits for the next connection and hands it over; for a TLS listener, the next one whose
    /// handshake succeeded.</summary>
    /// <param name="cancellationToken">Cancels this call only: the listener keeps listening, and no connection
    /// is lost (one that arrives later goes to the next call).</param>
    /// <returns>The connection; the caller owns it and disposes it.</returns>
    /// <exception cref="ObjectDisposedException">The listener was disposed, before or during the call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SocketException">The listening socket failed (not a single connection: those failures
    /// are absorbed), for instance when the process ran out of file descriptors.</exception>
    public ValueTask<IConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _setup is null ? AcceptTcpAsync(cancellationToken) : TakeSetUpAsync(cancellationToken);
    }

    /// <summary>Enumerates accepted connections until the listener is disposed (the enumeration then ends) or
    /// <paramref name="cancellationToken"/> is cancelled (it throws <see cref="OperationCanceledException"/>).
    /// Each connection belongs to the caller.</summary>
    public async IAsyncEnumerator<IConnection> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await AcceptOrNullAsync(cancellationToken).ConfigureAwait(false) is { } connection)
        {
            yield return connection;
        }
    }

    /// <summary>Stops accepting, resets the connections set up but not taken, and waits until no accept or
    /// handshake of the listener runs any more. Connections already handed out stay open. Safe to call more
    /// than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        _disposing.Cancel();
        _socket.Dispose();
        _ready.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
        while (_ready.Reader.TryRead(out var unclaimed))
        {
            await ResetAsync(unclaimed).ConfigureAwait(false);
        }

        _disposing.Dispose();
        _room.Dispose();
    }

    private async ValueTask<IConnection?> AcceptOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IConnection> AcceptTcpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = await AcceptOneAsync(cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                continue;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                // Accepted just as the listener was disposed: nobody asked for it any more.
                connection.Reset();
                throw new ObjectDisposedException(nameof(Listener));
            }

            Interlocked.Increment(ref _accepted);
            return connection;
        }
    }

    /// <summary>Accepts one socket and wraps it; null when that one peer failed (reported, and the caller
    /// accepts again).</summary>
    private async ValueTask<TcpConnection?> AcceptOneAsync(CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failure) when (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(Listener), failure);
        }
        catch (SocketException failure) when (failure.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
        {
            // The peer gave up before it was accepted: that costs its connection only.
            Report(ServerFailureKind.Accept, remoteEndPoint: null, failure);
            return null;
        }

        try
        {
            return new TcpConnection(socket, _options.Connection);
        }
        catch (Exception failure)
        {
            // The peer left between accept and configuration (options fail on a reset socket).
            socket.Dispose();
            Report(ServerFailureKind.Accept, remoteEndPoint: null, failure);
            return null;
        }
    }

    private async ValueTask<IConnection> TakeSetUpAsync(CancellationToken cancellationToken)
    {
        IConnection connection;
        try
        {
            connection = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } listenerFailure)
        {
            throw new SocketException(listenerFailure is SocketException socketFailure ? (int)socketFailure.SocketErrorCode : (int)SocketError.SocketError,
                $"The listener on {LocalEndPoint} stopped accepting: {listenerFailure.Message}");
        }
        catch (ChannelClosedException closed)
        {
            throw new ObjectDisposedException(nameof(Listener), closed);
        }

        ReleaseRoom();
        if (Volatile.Read(ref _disposed) != 0)
        {
            await ResetAsync(connection).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(Listener));
        }

        Interlocked.Increment(ref _accepted);
        return connection;
    }

    /// <summary>Accepts for a set-up listener: each connection's setup runs on its own task, so a slow handshake
    /// never holds up the next accept.</summary>
    private async Task SetUpLoopAsync()
    {
        var stopping = _disposing.Token;
        try
        {
            while (true)
            {
                await _room.WaitAsync(stopping).ConfigureAwait(false);
                TcpConnection? connection;
                try
                {
                    connection = await AcceptOneAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception listenerFailure)
                {
                    // The listening socket itself failed: waiting callers learn it from AcceptAsync.
                    _ready.Writer.TryComplete(listenerFailure);
                    return;
                }

                if (connection is null)
                {
                    ReleaseRoom();
                    continue;
                }

                Interlocked.Increment(ref _running);
                ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.listener.SetUpAsync(state.connection),
                    (listener: this, connection), preferLocal: false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed while waiting for room.
        }
        finally
        {
            Leave();
        }
    }

    private async Task SetUpAsync(TcpConnection tcp)
    {
        try
        {
            var connection = await _setup!(tcp, _disposing.Token).ConfigureAwait(false);
            if (!_ready.Writer.TryWrite(connection))
            {
                // Disposed during the handshake: nobody will take it.
                await ResetAsync(connection).ConfigureAwait(false);
            }
        }
        catch (Exception failure)
        {
            // A reset, so the client never takes a failed handshake for a clean end.
            tcp.Reset();
            ReleaseRoom();
            if (!_disposing.IsCancellationRequested)
            {
                Report(ServerFailureKind.Setup, tcp.RemoteEndPoint, failure);
            }
        }
        finally
        {
            Leave();
        }
    }

    private void ReleaseRoom()
    {
        try
        {
            _room.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nothing waits for room any more.
        }
    }

    private static async ValueTask ResetAsync(IConnection connection)
    {
        await connection.Sink.AbortAsync(new ObjectDisposedException(nameof(Listener))).ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _stopped.TrySetResult();
        }
    }

    private void Report(ServerFailureKind kind, EndPoint? remoteEndPoint, Exception exception)
    {
        Interlocked.Increment(ref _failed);
        if (_options.OnFailure is not { } onFailure)
        {
            Trace.TraceError("Streamcaps listener on {0}: {1} failed for {2}: {3}", LocalEndPoint, kind, remoteEndPoint, exception);
            return;
        }

        try
        {
            onFailure(new ServerFailure(kind, remoteEndPoint, exception));
        }
        catch (Exception callbackFailure)
        {
            Trace.TraceError("Streamcaps listener on {0}: the failure callback threw: {1}", LocalEndPoint, callbackFailure);
        }
    }
}
