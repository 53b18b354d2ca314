using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Net;

/// <summary>
/// The receiving half of a <see cref="TcpConnection"/>. Each call reads what has arrived into a pooled buffer
/// and lends it to the sink until the delivery completes (DESIGN rule 5); the buffer goes back to the pool
/// before the call returns, so between calls, and while waiting for the peer, the source holds no memory.
/// </summary>
/// <remarks>
/// Waiting is a zero-byte receive (as Kestrel does): it completes when data, a FIN or a reset arrives,
/// without a buffer. When the previous read filled the whole buffer more data is probably queued, so the
/// source first tries a non-blocking read and skips the wait.
/// </remarks>
internal sealed class TcpSource : ISource<ReadOnlyMemory<byte>>
{
    private readonly TcpConnection _connection;
    private readonly Socket _socket;
    private readonly int _bufferSize;
    private readonly TimeSpan _idleTimeout;

    /// <summary>Cancels a wait at the idle timeout; reused while it did not fire, so waits allocate nothing.</summary>
    private CancellationTokenSource? _idleTimer;
    private bool _inFlight;
    private bool _lastReadFilledBuffer;
    private bool _ended;

    /// <summary>Why the source failed; null while it runs and after a clean end.</summary>
    private Exception? _problem;

    public TcpSource(TcpConnection connection, Socket socket, TcpConnectionOptions options)
    {
        _connection = connection;
        _socket = socket;
        _bufferSize = options.ReceiveBufferSize;
        _idleTimeout = options.IdleReadTimeout;
    }

    public ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_inFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        if (_ended)
        {
            return _problem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_problem);
        }

        return ReceiveAsync(sink, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        _inFlight = true;
        byte[]? buffer = null;
        try
        {
            int received;
            try
            {
                buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                received = _lastReadFilledBuffer ? TryReceive(buffer) : -1;
                while (received < 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    await WaitForDataAsync(cancellationToken).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                    received = TryReceive(buffer);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Only this call is cancelled: nothing was read, so the source stays usable.
                throw;
            }
            catch (Exception failure)
            {
                await FailAsync(sink, TcpErrors.FromReceive(failure)).ConfigureAwait(false);
                return;
            }

            if (received == 0)
            {
                _ended = true;
                _connection.FinishReceiving();
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            _lastReadFilledBuffer = received == buffer.Length;
            await sink.RunAsync(buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _inFlight = false;
        }
    }

    /// <summary>Reads what is queued without waiting: the byte count, 0 at the end of the stream, or -1 when
    /// nothing is there yet.</summary>
    private int TryReceive(byte[] buffer)
    {
        var received = _socket.Receive(buffer, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => received,
            SocketError.WouldBlock => -1,
            _ => throw new SocketException((int)error),
        };
    }

    /// <summary>Waits, holding no buffer, until data, the end of the stream or a failure arrives.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        if (_idleTimeout == Timeout.InfiniteTimeSpan)
        {
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return;
        }

        var timer = _idleTimer ??= new CancellationTokenSource();
        var callerCancellation = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timer);
        timer.CancelAfter(_idleTimeout);
        try
        {
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TcpErrors.IdleReadTimeout(_idleTimeout);
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            callerCancellation.Dispose();
            if (!timer.TryReset())
            {
                timer.Dispose();
                _idleTimer = null;
            }
        }
    }

    private ValueTask FailAsync(ISink<ReadOnlyMemory<byte>> sink, Exception problem)
    {
        _problem = problem;
        _ended = true;
        _connection.FinishReceiving();
        return sink.AbortAsync(problem);
    }
}
