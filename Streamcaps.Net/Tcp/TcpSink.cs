using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Net;

/// <summary>
/// The sending half of a <see cref="TcpConnection"/>. A delivery completes when the kernel accepted every byte
/// of the chunk (m2stream's WriteAllAsync); the chunk is not touched after that. Completing half-closes (FIN)
/// while the source reads on; aborting resets the whole connection.
/// </summary>
internal sealed class TcpSink : ISink<ReadOnlyMemory<byte>>
{
    private readonly TcpConnection _connection;
    private readonly Socket _socket;
    private SinkGate _gate;

    public TcpSink(TcpConnection connection, Socket socket)
    {
        _connection = connection;
        _socket = socket;
    }

    [SuppressMessage("Reliability", "CA2012", Justification = "The send is consumed once: read when it completed synchronously, otherwise awaited by SendRestAsync.")]
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
    {
        _gate.Enter();
        if (item.IsEmpty)
        {
            _gate.Exit();
            return default;
        }

        ValueTask<int> send;
        try
        {
            send = _socket.SendAsync(item, SocketFlags.None, cancellationToken);
        }
        catch (Exception failure)
        {
            return ValueTask.FromException(Fail(failure));
        }

        if (send.IsCompletedSuccessfully && send.Result == item.Length)
        {
            _gate.Exit();
            return default;
        }

        return SendRestAsync(send, item, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendRestAsync(ValueTask<int> pending, ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        try
        {
            item = item[await pending.ConfigureAwait(false)..];
            while (!item.IsEmpty)
            {
                item = item[await _socket.SendAsync(item, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
            }
        }
        catch (Exception failure)
        {
            throw Fail(failure);
        }

        _gate.Exit();
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!_gate.TryEnd())
        {
            return default;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception failure)
        {
            return ValueTask.FromException(TcpErrors.FromSend(failure));
        }
        finally
        {
            _connection.FinishSending();
        }

        return default;
    }

    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (_gate.TryEnd())
        {
            _connection.Reset(problem);
        }

        return default;
    }

    /// <summary>A delivery that failed or was cancelled may have sent part of the chunk, so the byte stream
    /// is broken: the sink ends and the connection is reset.</summary>
    private Exception Fail(Exception failure)
    {
        var problem = TcpErrors.FromSend(failure);
        _gate.TryEnd();
        _connection.Reset(problem);
        return problem;
    }
}
