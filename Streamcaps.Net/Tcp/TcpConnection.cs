using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>A connected TCP socket seen as a source/sink pair. The socket is released when both directions
/// are finished (the source saw the end of the stream or failed, and the sink was completed or aborted), when
/// the sink is aborted (a reset ends both directions), or on <see cref="DisposeAsync"/>.</summary>
internal sealed class TcpConnection : IConnection, IConnectionStatus, IStoppableConnection
{
    private const int ReceiveFinished = 1;
    private const int SendFinished = 2;
    private const int BothFinished = ReceiveFinished | SendFinished;

    private readonly TcpSource _source;
    private readonly TcpSink _sink;
    private int _finished;

    /// <summary>Takes ownership of a connected socket and applies <paramref name="options"/> to it. With
    /// <paramref name="endable"/> a stopping server can end its source (<see cref="EndSource"/>).</summary>
    public TcpConnection(Socket socket, TcpConnectionOptions options, bool endable = false)
    {
        Socket = socket;
        Configure(socket, options);
        LocalEndPoint = socket.LocalEndPoint!;
        RemoteEndPoint = socket.RemoteEndPoint!;
        _source = new TcpSource(this, socket, options, endable);
        _sink = new TcpSink(this, socket);
    }

    /// <summary>How each direction ended, for <c>connection.State</c>.</summary>
    public ConnectionStatus Status { get; } = new();

    /// <summary>The socket, for the tests that check what the options applied to it.</summary>
    internal Socket Socket { get; }

    public ISource<ReadOnlyMemory<byte>> Source => _source;

    public ISink<ReadOnlyMemory<byte>> Sink => _sink;

    public EndPoint LocalEndPoint { get; }

    public EndPoint RemoteEndPoint { get; }

    /// <inheritdoc/>
    public void EndSource() => _source.End();

    /// <summary>The source will not read again: it saw the end of the stream or failed with <paramref name="problem"/>.</summary>
    internal void FinishReceiving(Exception? problem = null)
    {
        Status.EndReceive(problem);
        Finish(ReceiveFinished);
    }

    /// <summary>The sink will not write again: it half-closed or failed.</summary>
    internal void FinishSending()
    {
        Status.EndSend(problem: null);
        Finish(SendFinished);
    }

    /// <summary>Resets the connection (RST instead of FIN) and releases the socket; both directions end.</summary>
    internal void Reset(Exception? problem = null)
    {
        Status.Reset(problem ?? new SocketException((int)SocketError.OperationAborted));
        Interlocked.Or(ref _finished, BothFinished);
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

    /// <summary>Closes the socket: gracefully (what was sent still goes out, then a FIN) unless a read is
    /// pending or unread data is queued, in which case the operating system resets the connection.
    /// Pending and later calls of the source and sink fail.</summary>
    public ValueTask DisposeAsync()
    {
        Status.Dispose();
        Interlocked.Or(ref _finished, BothFinished);
        Socket.Dispose();
        return default;
    }

    private void Finish(int direction)
    {
        if ((Interlocked.Or(ref _finished, direction) | direction) == BothFinished)
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
