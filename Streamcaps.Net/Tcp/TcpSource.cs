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
/// without a buffer, and the receive that follows completes at once. While data streams in (the previous
/// read filled its whole buffer, or the previous wait found data already queued) the source asks the socket
/// how much is queued instead of waiting, and sizes the read to it, up to
/// <see cref="TcpConnectionOptions.MaxReceiveBufferSize"/>: one bigger read costs less than several of
/// <see cref="TcpConnectionOptions.ReceiveBufferSize"/>, in system calls here and in deliveries downstream.
/// The socket stays in blocking mode for .NET: a socket switched to non-blocking mode makes every
/// asynchronous operation measurably slower on Linux.
/// <para>A stream view (a TLS session's transport, <c>AsStream</c>) reads with <see cref="IDirectByteSource"/>
/// instead: straight from the socket into the reader's memory, as <c>NetworkStream</c> does, with the same
/// waits, limits and ends as a call.</para>
/// </remarks>
internal sealed class TcpSource : ISource<ReadOnlyMemory<byte>>, IPushSource<ReadOnlyMemory<byte>>, IDirectByteSource
{
    private readonly TcpConnection _connection;
    private readonly Socket _socket;
    private readonly int _bufferSize;
    private readonly int _maxBufferSize;
    private readonly TimeSpan _idleTimeout;
    private readonly bool _waitBeforeRenting;
    /// <summary>Whether knowing how much is queued can change what the source does: wait or not, read how much.</summary>
    private readonly bool _asksWhatIsQueued;

    /// <summary>Cancelled when a stopping server ends this source (<see cref="End"/>); null on a connection no
    /// server can end, whose receives then register on nothing but the caller's token.</summary>
    private readonly CancellationTokenSource? _stop;

    /// <summary>Cancels a wait at the idle timeout or the stop; reused while it did not fire, so waits allocate nothing.</summary>
    private CancellationTokenSource? _idleTimer;

    /// <summary>Whether the receive in progress armed <see cref="_idleTimer"/> and the registrations that cancel it.</summary>
    private bool _timerInUse;
    private CancellationTokenRegistration _callerCancellation;
    private CancellationTokenRegistration _stopCancellation;
    private bool _inFlight;
    /// <summary>Whether data is probably queued already, so asking the socket is cheaper than waiting.</summary>
    private bool _dataLikelyQueued;
    private bool _ended;

    /// <summary>Why the source failed; null while it runs and after a clean end.</summary>
    private Exception? _problem;

    /// <summary>Signalled by a receive the stop cut short: nothing was read.</summary>
    private const int Stopped = -1;

    public TcpSource(TcpConnection connection, Socket socket, TcpConnectionOptions options, bool endable = false)
    {
        _stop = endable ? new CancellationTokenSource() : null;
        _connection = connection;
        _socket = socket;
        _bufferSize = options.ReceiveBufferSize;
        _maxBufferSize = Math.Max(options.MaxReceiveBufferSize, _bufferSize);
        _idleTimeout = options.IdleReadTimeout;
        _waitBeforeRenting = options.WaitForDataBeforeAllocatingBuffer || _idleTimeout != Timeout.InfiniteTimeSpan;
        _asksWhatIsQueued = _waitBeforeRenting || _maxBufferSize > _bufferSize;
    }

    public ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return StartAsync(sink, untilEnd: false, cancellationToken);
    }

    /// <summary>
    /// <see cref="Flow.RunAsync{T}"/> from this source: one loop that receives and delivers until the stream
    /// ends, with the behaviour of pulling one chunk per call. A chunk that arrives then costs one resumption,
    /// as in a hand-written receive loop, instead of resuming both the source's call and the flow that made it.
    /// </summary>
    Task IPushSource<ReadOnlyMemory<byte>>.PushIntoAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken) =>
        Flow.RunThroughRelayAsync(sink, this, static (source, relay, cancellationToken) => source.StartAsync(relay, untilEnd: true, cancellationToken), cancellationToken);

    /// <summary>One call of the source, or with <paramref name="untilEnd"/> a whole flow, which checks for
    /// cancellation before it asks for anything, as a flow that pulls does.</summary>
    private ValueTask StartAsync(ISink<ReadOnlyMemory<byte>> sink, bool untilEnd, CancellationToken cancellationToken)
    {
        if (untilEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (_inFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        return _ended ? SignalEndAsync(sink, cancellationToken) : ReceiveAsync(sink, untilEnd, cancellationToken);
    }

    /// <summary>Ends the source at the next item boundary for a stopping server (see <see cref="IStoppableConnection"/>).</summary>
    public void End()
    {
        try
        {
            _stop?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection is gone already.
        }
    }

    private ValueTask SignalEndAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken) =>
        _problem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_problem);

    /// <summary>Receives one chunk and delivers it, or signals the end; with <paramref name="untilEnd"/>, goes on
    /// until the stream ended (checking for cancellation before each chunk, as a flow does).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveAsync(ISink<ReadOnlyMemory<byte>> sink, bool untilEnd, CancellationToken cancellationToken)
    {
        _inFlight = true;
        try
        {
            do
            {
                if (untilEnd)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (_stop?.IsCancellationRequested == true)
                {
                    await EndByStopAsync(sink, cancellationToken).ConfigureAwait(false);
                    return;
                }

                byte[]? buffer = null;
                try
                {
                    int readable, received;
                    var waitFoundData = false;
                    try
                    {
                        var queued = _dataLikelyQueued && _asksWhatIsQueued ? _socket.Available : 0;
                        if (_waitBeforeRenting && queued == 0)
                        {
                            // A zero-byte receive: it completes when data, the end or a failure arrives, holding no buffer.
                            var wait = Receive(Memory<byte>.Empty, _idleTimeout, cancellationToken);
                            waitFoundData = wait.IsCompleted;
                            if (await wait == Stopped)
                            {
                                await EndByStopAsync(sink, cancellationToken).ConfigureAwait(false);
                                return;
                            }
                        }

                        // Data, the end or a failure is there now, so this receive completes at once (unless the
                        // options chose to wait here, buffer in hand). The pool may hand out a bigger array than
                        // asked for; the read uses it, up to the largest chunk allowed.
                        buffer = ArrayPool<byte>.Shared.Rent(Math.Clamp(queued, _bufferSize, _maxBufferSize));
                        readable = Math.Min(buffer.Length, _maxBufferSize);
                        received = await Receive(buffer.AsMemory(0, readable), Timeout.InfiniteTimeSpan, cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // Only this call is cancelled: nothing was read, so the source stays usable.
                        throw;
                    }
                    catch (Exception failure)
                    {
                        await FailAsync(sink, ReceiveFailure(failure)).ConfigureAwait(false);
                        return;
                    }

                    if (received == Stopped)
                    {
                        await EndByStopAsync(sink, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    if (received == 0)
                    {
                        // The peer's FIN, or a reset the send direction took the report of: the source's end says which.
                        EndOfStream();
                        await SignalEndAsync(sink, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    // Data that was there already, or a read that filled its buffer, is likely followed by more:
                    // next time, asking the socket how much is queued is cheaper than waiting.
                    _dataLikelyQueued = waitFoundData || received == readable;
                    _connection.Diagnostics?.BytesRead(received);
                    await sink.RunAsync(buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Back to the pool before the next wait: a waiting source holds no buffer.
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
            while (untilEnd);
        }
        finally
        {
            _inFlight = false;
        }
    }

    /// <summary>One receive straight into a reader's memory (see <see cref="IDirectByteSource"/>): a call's
    /// behaviour without its pooled buffer and delivery. A non-empty read waits with the reader's memory in hand,
    /// under the idle timeout and the stop as a wait is.</summary>
    ValueTask<int> IDirectByteSource.ReceiveIntoAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_inFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        if (_ended)
        {
            return _problem is null ? new ValueTask<int>(0) : ValueTask.FromException<int>(_problem);
        }

        if (_stop?.IsCancellationRequested == true)
        {
            _ended = true;
            return new ValueTask<int>(0);
        }

        return ReceiveDirectAsync(destination, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveDirectAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        _inFlight = true;
        try
        {
            int received;
            try
            {
                received = await Receive(destination, _idleTimeout, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Only this read is cancelled: nothing was taken, so the source stays usable.
                throw;
            }
            catch (Exception failure)
            {
                throw Fail(ReceiveFailure(failure));
            }

            if (received == Stopped)
            {
                // The stopping server ended the source: the reader sees the end, the receiving direction stays open.
                _ended = true;
                return 0;
            }

            if (destination.IsEmpty)
            {
                return 0;
            }

            if (received == 0)
            {
                return EndOfStream() is { } reset ? throw reset : 0;
            }

            _connection.Diagnostics?.BytesRead(received);
            return received;
        }
        finally
        {
            _inFlight = false;
        }
    }

    /// <summary>A receive that the caller's token, the idle timeout (when finite) and the stop can each end,
    /// awaited directly by the caller (<see cref="Receiving"/>), so a receive adds no asynchronous layer of its own:
    /// the caller's cancellation ends it as <see cref="OperationCanceledException"/>, the timeout as
    /// <see cref="TimeoutException"/>, the stop as <see cref="Stopped"/> (nothing was read).</summary>
    private Receiving Receive(Memory<byte> buffer, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        if (idleTimeout == Timeout.InfiniteTimeSpan && (_stop is null || !cancellationToken.CanBeCanceled))
        {
            // One token can end this receive (the caller's, or only the stop's): no timer to arm.
            return new(this, _socket.ReceiveAsync(buffer, SocketFlags.None, _stop?.Token ?? cancellationToken), idleTimeout, cancellationToken);
        }

        var timer = _idleTimer ??= new CancellationTokenSource();
        _callerCancellation = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timer);
        _stopCancellation = _stop is null ? default : _stop.Token.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timer);
        if (idleTimeout != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(idleTimeout);
        }

        _timerInUse = true;
        try
        {
            return new(this, _socket.ReceiveAsync(buffer, SocketFlags.None, timer.Token), idleTimeout, cancellationToken);
        }
        catch (Exception)
        {
            Disarm();
            throw;
        }
    }

    /// <summary>After a receive: disarms what <see cref="Receive"/> armed, and says what a cancelled receive
    /// means (<see cref="Stopped"/>, or the exception to throw).</summary>
    private int EndReceive(ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter receive, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return receive.GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException) when (_stop?.IsCancellationRequested == true)
        {
            return Stopped;
        }
        catch (OperationCanceledException) when (_timerInUse)
        {
            _connection.Diagnostics?.IdleReadTimedOut();
            throw TcpErrors.IdleReadTimeout(idleTimeout);
        }
        finally
        {
            Disarm();
        }
    }

    /// <summary>Disarms the timer and the registrations <see cref="Receive"/> armed, if it did; a timer that
    /// fired is replaced for the next receive.</summary>
    private void Disarm()
    {
        if (!_timerInUse)
        {
            return;
        }

        _timerInUse = false;
        _callerCancellation.Dispose();
        _stopCancellation.Dispose();
        if (!_idleTimer!.TryReset())
        {
            _idleTimer.Dispose();
            _idleTimer = null;
        }
    }

    /// <summary>A receive being awaited: the socket's own awaiter, then <see cref="EndReceive"/> when it completed.
    /// A struct awaiter rather than an async method, whose completion would be a second resumption on every
    /// receive that waits (the socket's, then the method's).</summary>
    private readonly struct Receiving : ICriticalNotifyCompletion
    {
        private readonly TcpSource _source;
        private readonly ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _receive;
        private readonly TimeSpan _idleTimeout;
        private readonly CancellationToken _cancellationToken;

        public Receiving(TcpSource source, ValueTask<int> receive, TimeSpan idleTimeout, CancellationToken cancellationToken)
        {
            _source = source;
            _receive = receive.ConfigureAwait(false).GetAwaiter();
            _idleTimeout = idleTimeout;
            _cancellationToken = cancellationToken;
        }

        public bool IsCompleted => _receive.IsCompleted;

        public Receiving GetAwaiter() => this;

        public int GetResult() => _source.EndReceive(_receive, _idleTimeout, _cancellationToken);

        public void OnCompleted(Action continuation) => _receive.OnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => _receive.UnsafeOnCompleted(continuation);
    }

    /// <summary>The stopping server ended the source: the sink completes as on the peer's half-close, but the
    /// receiving direction stays open for the server to drain what the peer still sends.</summary>
    private ValueTask EndByStopAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        _ended = true;
        return sink.CompleteAsync(cancellationToken);
    }

    /// <summary>What a failed receive reports. A reset it saw itself is recorded for the sink; a socket closed
    /// under it because the sink saw the reset reports that reset.</summary>
    private Exception ReceiveFailure(Exception failure)
    {
        if (TcpErrors.IsPeerReset(failure))
        {
            _connection.RecordPeerReset();
            return failure;
        }

        return _connection.WasResetByPeer ? TcpErrors.PeerReset() : TcpErrors.FromReceive(failure);
    }

    private ValueTask FailAsync(ISink<ReadOnlyMemory<byte>> sink, Exception problem) => sink.AbortAsync(Fail(problem));

    /// <summary>A receive into a buffer returned 0: the peer's FIN, which ends the source cleanly (returns
    /// <see langword="null"/>), unless the send direction took the report of a reset, which fails the source
    /// (returned, already recorded). The one place a call and a direct read tell an end from a reset.</summary>
    private Exception? EndOfStream()
    {
        if (_connection.EndedByReset())
        {
            return Fail(TcpErrors.PeerReset());
        }

        _ended = true;
        _connection.FinishReceiving();
        return null;
    }

    /// <summary>Records that the source failed with <paramref name="problem"/>, and returns it.</summary>
    private Exception Fail(Exception problem)
    {
        _problem = problem;
        _ended = true;
        _connection.FinishReceiving(problem);
        return problem;
    }
}
