using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>A connected TCP socket seen as a source/sink pair. The socket is released when both directions
/// are finished (the source saw the end of the stream or failed, and the sink was completed or aborted), when
/// the sink is aborted (a reset ends both directions), or on <see cref="DisposeAsync"/>.</summary>
/// <remarks>
/// <para>A peer's reset is reported once by the operating system, to whichever of a send or a receive asks
/// first; the other then sees a plain end (a receive returns 0, a send fails with <c>EPIPE</c>). So the
/// direction that sees it records it here (<see cref="RecordPeerReset"/>), and the source asks
/// <see cref="EndedByReset"/> before it takes a zero-byte receive for the peer's FIN.</para>
/// <para>Closing is honest on the wire: a connection whose sink completed cleanly is closed with a FIN
/// after the input still arriving was read away (bounded by <see cref="TcpConnectionOptions.LingerTimeout"/>),
/// because closing a socket with unread input makes the operating system send a reset that drops what was
/// not yet delivered to the peer.</para>
/// </remarks>
internal sealed class TcpConnection : IConnection, IConnectionStatus, IStoppableConnection
{
    private const int ReceiveFinished = 1;
    private const int SendFinished = 2;
    private const int BothFinished = ReceiveFinished | SendFinished;

    /// <summary>The sink completed cleanly: a FIN went out after everything it sent.</summary>
    private const int SentFin = 4;

    /// <summary>A direction saw the peer's reset.</summary>
    private const int PeerReset = 8;

    private readonly TcpSource _source;
    private readonly TcpSink _sink;
    private readonly TimeSpan _lingerTimeout;
    private int _state;

    /// <summary>Takes ownership of a connected socket and applies <paramref name="options"/> to it.</summary>
    /// <param name="socket">The connected socket.</param>
    /// <param name="options">The connection's tunables.</param>
    /// <param name="opened">Whether this end opened the connection (a client); decides the defaults that
    /// differ between clients and servers (<see cref="TcpConnectionOptions.WriteTimeout"/>).</param>
    /// <param name="endable">Whether a stopping server can end its source (<see cref="EndSource"/>).</param>
    public TcpConnection(Socket socket, TcpConnectionOptions options, bool opened = false, bool endable = false)
    {
        Socket = socket;
        Configure(socket, options);
        LocalEndPoint = socket.LocalEndPoint!;
        RemoteEndPoint = socket.RemoteEndPoint!;
        _lingerTimeout = options.LingerTimeout;
        _source = new TcpSource(this, socket, options, endable);
        _sink = new TcpSink(this, socket, options.EffectiveWriteTimeout(opened));
    }

    /// <summary>How each direction ended, for <c>connection.State</c>.</summary>
    public ConnectionStatus Status { get; } = new();

    /// <summary>The socket, for the tests that check what the options applied to it.</summary>
    internal Socket Socket { get; }

    /// <summary>The telemetry of the server that accepted the connection; null on a client connection.</summary>
    internal ServerDiagnostics? Diagnostics { get; init; }

    public ISource<ReadOnlyMemory<byte>> Source => _source;

    public ISink<ReadOnlyMemory<byte>> Sink => _sink;

    public EndPoint LocalEndPoint { get; }

    public EndPoint RemoteEndPoint { get; }

    /// <inheritdoc/>
    public void EndSource() => _source.End();

    /// <summary>Whether a direction saw the peer's reset.</summary>
    internal bool WasResetByPeer => (Volatile.Read(ref _state) & PeerReset) != 0;

    /// <summary>The source will not read again: it saw the end of the stream or failed with <paramref name="problem"/>.</summary>
    internal void FinishReceiving(Exception? problem = null)
    {
        Status.EndReceive(problem);
        Finish(ReceiveFinished);
    }

    /// <summary>The sink will not write again: it half-closed, failed with <paramref name="problem"/>, or the
    /// peer reset the connection under it.</summary>
    internal void FinishSending(Exception? problem = null)
    {
        Status.EndSend(problem);
        Finish(SendFinished);
    }

    /// <summary>The sink is about to half-close: a FIN follows what it sent. Marked before the FIN goes out,
    /// so a source that sees the peer's answering FIN already knows this end sent one.</summary>
    internal void SendingFin() => Interlocked.Or(ref _state, SentFin);

    /// <summary>Records that the peer reset the connection, so the other direction reports it too.</summary>
    internal void RecordPeerReset() => Interlocked.Or(ref _state, PeerReset);

    /// <summary>
    /// Whether a receive that returned 0 means the peer reset the connection rather than half-closed it. It
    /// does when a direction recorded a reset. On Linux a receive also returns 0 after a send took the reset's
    /// report and before that send recorded it, or when something else took it; so while this end has sent no
    /// FIN, the socket's state decides: a FIN alone leaves it in <c>CLOSE_WAIT</c>, a reset puts it in
    /// <c>TCP_CLOSE</c>. That also calls a reset that came after the peer's FIN (a peer that closed while this
    /// end was still sending) a reset, after every byte the peer sent: the safe mistake to make.
    /// </summary>
    internal bool EndedByReset() =>
        (Volatile.Read(ref _state) & (PeerReset | SentFin)) switch
        {
            0 => OperatingSystem.IsLinux() && IsInTcpClose(),
            SentFin => false,
            _ => true,
        };

    /// <summary>Resets the connection (RST instead of FIN) and releases the socket; both directions end.</summary>
    internal void Reset(Exception? problem = null)
    {
        Status.Reset(problem ?? new SocketException((int)SocketError.OperationAborted));
        Interlocked.Or(ref _state, BothFinished);
        try
        {
            // Linger 0 makes close send a reset and drop what is still queued, as an abort means to.
            Socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing is left to reset.
        }

        Socket.Dispose();
    }

    /// <summary>
    /// The graceful close: completes the sink when it is still open (a FIN after everything delivered; call it
    /// between deliveries), reads away what the peer still sends until its FIN or until
    /// <see cref="TcpConnectionOptions.LingerTimeout"/> elapsed or <paramref name="cancellationToken"/> fires,
    /// then releases the socket. A peer that kept sending past the limit is reset.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait for the peer early.</param>
    internal async ValueTask CloseGracefullyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The peer reset the connection: there is nothing left to close gracefully.
        }

        await DrainThenCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the socket. After a clean end of the sink (a FIN went out), input still arriving is read
    /// away first (see <see cref="CloseGracefullyAsync"/>), so that the close is a FIN and not a reset that
    /// would drop what the peer has not received yet. Otherwise the socket is closed at once: what was sent
    /// still goes out, then a FIN, unless unread input is queued, in which case the operating system resets
    /// the connection. Pending and later calls of the source and sink fail.</summary>
    public async ValueTask DisposeAsync() => await DrainThenCloseAsync(CancellationToken.None).ConfigureAwait(false);

    private async ValueTask DrainThenCloseAsync(CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        if ((state & (SentFin | ReceiveFinished | PeerReset)) == SentFin && _lingerTimeout > TimeSpan.Zero)
        {
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }

        Status.Dispose();
        Interlocked.Or(ref _state, BothFinished);
        Socket.Dispose();
    }

    /// <summary>Reads and drops input until the peer's FIN, a failure, the linger timeout or cancellation.</summary>
    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linger.CancelAfter(_lingerTimeout);
        await InputDrain.ReadAwayAsync(Socket, Timeout.InfiniteTimeSpan, linger.Token).ConfigureAwait(false);
    }

    /// <summary>Whether the socket's TCP state is <c>TCP_CLOSE</c> (Linux <c>tcp_info.tcpi_state</c>).</summary>
    private bool IsInTcpClose()
    {
        const int IpProtocolTcp = 6, TcpInfo = 11, TcpCloseState = 7;
        Span<byte> info = stackalloc byte[8];
        try
        {
            return Socket.GetRawSocketOption(IpProtocolTcp, TcpInfo, info) >= 1 && info[0] == TcpCloseState;
        }
        catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Finish(int direction)
    {
        var before = Interlocked.Or(ref _state, direction);
        if ((before & BothFinished) != BothFinished && ((before | direction) & BothFinished) == BothFinished)
        {
            Socket.Dispose();
        }
    }

    private static void Configure(Socket socket, TcpConnectionOptions options)
    {
        if (socket.ProtocolType != ProtocolType.Tcp)
        {
            // A Unix domain socket has no Nagle algorithm and no keep-alive probes to set.
            return;
        }

        socket.NoDelay = options.NoDelay;
        if (options.KeepAlive is { } keepAlive)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)keepAlive.Time.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)keepAlive.Interval.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, keepAlive.RetryCount);
        }
    }
}
