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
    /// <summary>The most one send takes while a write timeout is set: a chunk goes out in slices, and each
    /// slice the operating system accepts is the progress that restarts the timeout.</summary>
    private const int ProgressSlice = 256 * 1024;

    private const int TimerIdle = 0;
    private const int TimerArmed = 1;
    private const int TimerFired = 2;

    private readonly TcpConnection _connection;
    private readonly Socket _socket;
    private readonly TimeSpan _writeTimeout;
    private readonly int _sliceSize;
    private SinkGate _gate;

    /// <summary>Resets the connection when a pending send makes no progress; made on the first send that has
    /// to wait and reused, so deliveries allocate nothing.</summary>
    private ITimer? _writeTimer;
    private int _timerState;

    public TcpSink(TcpConnection connection, Socket socket, TimeSpan writeTimeout)
    {
        _connection = connection;
        _socket = socket;
        _writeTimeout = writeTimeout;
        _sliceSize = writeTimeout == Timeout.InfiniteTimeSpan ? int.MaxValue : ProgressSlice;
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
            send = _socket.SendAsync(Slice(item), SocketFlags.None, cancellationToken);
        }
        catch (Exception failure)
        {
            return ValueTask.FromException(Fail(failure));
        }

        if (send.IsCompletedSuccessfully && send.Result == item.Length)
        {
            _connection.Diagnostics?.BytesWritten(item.Length);
            _gate.Exit();
            return default;
        }

        return SendRestAsync(send, item, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    [SuppressMessage("Reliability", "CA2012", Justification = "Each send is awaited once, in the loop that started it.")]
    private async ValueTask SendRestAsync(ValueTask<int> pending, ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        var length = item.Length;
        try
        {
            while (true)
            {
                if (!pending.IsCompleted)
                {
                    StartWriteTimer();
                }

                item = item[await pending.ConfigureAwait(false)..];
                if (item.IsEmpty)
                {
                    break;
                }

                pending = _socket.SendAsync(Slice(item), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception failure)
        {
            throw Fail(failure);
        }

        if (!StopWriteTimer())
        {
            // Every byte was taken, but the timeout fired first and reset the connection, dropping them.
            throw Fail(TcpErrors.WriteTimeout(_writeTimeout));
        }

        _connection.Diagnostics?.BytesWritten(length);
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
            if (_connection.WasResetByPeer)
            {
                // The peer reset the connection, so what was sent may never have arrived: not a clean end.
                throw TcpErrors.PeerReset();
            }

            _connection.SendingFin();
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception failure)
        {
            var problem = TcpErrors.FromSend(failure);
            if (TcpErrors.IsPeerReset(problem))
            {
                _connection.RecordPeerReset();
            }

            _connection.FinishSending(problem);
            return ValueTask.FromException(problem);
        }

        _connection.FinishSending();
        return default;
    }

    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!_gate.TryEnd())
        {
            return default;
        }

        if (_connection.EndedByReset())
        {
            // The peer reset the connection already: nothing is left to reset, and the source still reads
            // what the peer sent before, then reports the reset.
            _connection.RecordPeerReset();
            _connection.FinishSending(TcpErrors.PeerReset());
        }
        else
        {
            _connection.Reset(problem);
        }

        return default;
    }

    private ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> item) => item.Length > _sliceSize ? item[.._sliceSize] : item;

    /// <summary>
    /// A delivery that failed, timed out or was cancelled may have sent part of the chunk, so the byte stream
    /// is broken and the sink ends. A reset by the peer is recorded for the source, which goes on reading what
    /// the peer sent before it; any other failure resets the connection.
    /// </summary>
    private Exception Fail(Exception failure)
    {
        var problem = TcpErrors.FromSend(failure);
        _gate.TryEnd();
        if (!StopWriteTimer())
        {
            problem = TcpErrors.WriteTimeout(_writeTimeout);
            _connection.Reset(problem);
        }
        else
        {
            // A send on a connection the peer reset may fail in other ways too (.NET may say why not); the
            // socket's state tells.
            if (TcpErrors.IsPeerReset(problem) || _connection.EndedByReset())
            {
                // The peer's reset, whatever the send said of it (EPIPE, ENOTCONN): both directions report it alike.
                problem = TcpErrors.IsPeerReset(problem) ? problem : TcpErrors.PeerReset();
                _connection.RecordPeerReset();
                _connection.FinishSending(problem);
            }
            else
            {
                _connection.Reset(problem);
            }
        }

        return problem;
    }

    /// <summary>Arms the write timeout for a send that has to wait, or restarts it: the previous send took
    /// its bytes, which is progress.</summary>
    private void StartWriteTimer()
    {
        if (_sliceSize == int.MaxValue)
        {
            return;
        }

        _writeTimer ??= TimeProvider.System.CreateTimer(
            static state => ((TcpSink)state!).OnWriteTimeout(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _timerState, TimerArmed, TimerIdle) != TimerFired)
        {
            _writeTimer.Change(_writeTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Disarms the write timeout; false when it fired.</summary>
    private bool StopWriteTimer()
    {
        var previous = Interlocked.CompareExchange(ref _timerState, TimerIdle, TimerArmed);
        if (previous == TimerArmed)
        {
            _writeTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return previous != TimerFired;
    }

    /// <summary>The peer took nothing for the whole write timeout: resetting the connection fails the pending
    /// send, and the delivery reports the timeout.</summary>
    private void OnWriteTimeout()
    {
        if (Interlocked.CompareExchange(ref _timerState, TimerFired, TimerArmed) == TimerArmed)
        {
            _connection.Reset(TcpErrors.WriteTimeout(_writeTimeout));
        }
    }
}
