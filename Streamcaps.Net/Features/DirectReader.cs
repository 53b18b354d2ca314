using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;
using Streamcaps.Internal;

namespace Streamcaps.Net;

/// <summary>
/// Reads a connection's source without waiting (m2stream's <c>TryRead</c>), and discards it after
/// <see cref="ShutdownReceive"/> (Mnet's <c>shutdown `read</c>).
/// </summary>
/// <remarks>
/// <para>The reader is the sink of its own source calls. A chunk the source delivers stays lent to the reader
/// (its delivery pending) until <see cref="TryRead"/> has copied all of it out; then the delivery completes and
/// the source's buffer goes back to the pool. No byte is copied twice and none is dropped.</para>
/// <para>A source call that does not complete at once (nothing has arrived) stays armed: the next
/// <see cref="TryRead"/> answers "would block" until it delivered, and <see cref="WaitToReadAsync"/> waits for
/// it. TCP's call waits with a zero-byte receive, so an armed reader holds no buffer.</para>
/// </remarks>
internal sealed class DirectReader : ISink<ReadOnlyMemory<byte>>, IValueTaskSource
{
    private readonly ISource<ReadOnlyMemory<byte>> _source;
    private readonly ConnectionStatus? _status;
    private readonly Lock _sync = new();
    private readonly Action _onCallFinished;
    /// <summary>The delivery of the lent chunk, completed when the chunk has been read out (or discarded).</summary>
    private ManualResetValueTaskSourceCore<bool> _hold;
    private PendingCall _call;
    private ReadOnlyMemory<byte> _lent;
    private bool _holding;
    private bool _callInFlight;
    private bool _ended;
    private Exception? _failure;
    private bool _discarding;
    private TaskCompletionSource? _waiter;

    public DirectReader(ISource<ReadOnlyMemory<byte>> source, ConnectionStatus? status)
    {
        _source = source;
        _status = status;
        _onCallFinished = OnCallFinished;
    }

    /// <summary>Copies what has arrived into <paramref name="buffer"/>: true with <paramref name="bytesRead"/>
    /// &gt; 0 for data, true with 0 at the end of the stream, false when nothing is there yet.</summary>
    public bool TryRead(Span<byte> buffer, out int bytesRead)
    {
        if (TryTake(buffer, out bytesRead, out var answered))
        {
            return answered;
        }

        Arm();
        TryTake(buffer, out bytesRead, out answered);
        return answered;
    }

    /// <summary>Completes with true when <see cref="TryRead"/> has bytes to give, false when the stream ended;
    /// throws the failure when it failed.</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_sync)
            {
                if (Readiness() is { } ready)
                {
                    return ready;
                }

                waiter = _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Arm();
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops reading for good: what is lent and what arrives from now on is discarded, so the peer's
    /// writes go on (they are not reset) until the connection is closed.</summary>
    public void ShutdownReceive()
    {
        bool release;
        lock (_sync)
        {
            if (_discarding)
            {
                return;
            }

            _discarding = true;
            _lent = default;
            release = TakeHold();
        }

        _status?.EndReceive(problem: null);
        if (release)
        {
            _hold.SetResult(true);
        }

        Signal();
        Arm();
    }

    ValueTask ISink<ReadOnlyMemory<byte>>.RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        short version;
        lock (_sync)
        {
            if (_discarding || item.IsEmpty)
            {
                return default;
            }

            _hold.Reset();
            version = _hold.Version;
            _lent = item;
            _holding = true;
        }

        Signal();
        return new ValueTask(this, version);
    }

    ValueTask ISink<ReadOnlyMemory<byte>>.CompleteAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _ended = true;
        }

        Signal();
        return default;
    }

    ValueTask ISink<ReadOnlyMemory<byte>>.AbortAsync(Exception problem)
    {
        lock (_sync)
        {
            _ended = true;
            _failure ??= problem;
        }

        Signal();
        return default;
    }

    void IValueTaskSource.GetResult(short token) => _hold.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _hold.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _hold.OnCompleted(continuation, state, token, flags);

    /// <summary>Answers from what is there: true when the answer is known (<paramref name="answered"/> says
    /// whether bytes or the end were taken), false when a source call is needed first.</summary>
    private bool TryTake(Span<byte> buffer, out int bytesRead, out bool answered)
    {
        bytesRead = 0;
        bool release;
        lock (_sync)
        {
            if (_lent.IsEmpty)
            {
                if (_failure is not null)
                {
                    ExceptionDispatchInfo.Throw(_failure);
                }

                answered = _ended || _discarding;
                return answered || _callInFlight;
            }

            bytesRead = Math.Min(buffer.Length, _lent.Length);
            _lent.Span[..bytesRead].CopyTo(buffer);
            _lent = _lent[bytesRead..];
            release = _lent.IsEmpty && TakeHold();
        }

        // Giving the chunk back lets the source finish its call (inline), so the next read can start at once.
        if (release)
        {
            _hold.SetResult(true);
        }

        answered = true;
        return true;
    }

    /// <summary>The answer a waiter gets now, or null while nothing is there.</summary>
    private bool? Readiness()
    {
        if (!_lent.IsEmpty)
        {
            return true;
        }

        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }

        return _ended || _discarding ? false : null;
    }

    private bool TakeHold()
    {
        var holding = _holding;
        _holding = false;
        return holding;
    }

    /// <summary>Starts source calls until one is pending, or until there is something to answer with (or,
    /// while discarding, until the stream ended).</summary>
    private void Arm()
    {
        while (true)
        {
            lock (_sync)
            {
                if (_callInFlight || _ended || _holding)
                {
                    return;
                }

                _callInFlight = true;
            }

            ValueTask call;
            try
            {
                call = _source.RunAsync(this);
            }
            catch
            {
                // The source refused the call (another call of the caller's own is in flight): say so to the caller.
                lock (_sync)
                {
                    _callInFlight = false;
                }

                throw;
            }

            if (_call.TryFinishNow(call, _onCallFinished, out var thrown))
            {
                Finish(thrown);
            }
        }
    }

    private void OnCallFinished()
    {
        Finish(_call.TakeOutcome());
        Signal();
        if (Volatile.Read(ref _discarding))
        {
            Arm();
        }
    }

    /// <summary>A source call is over; one that threw (rather than signalling the sink) ends the reader.</summary>
    private void Finish(Exception? thrown)
    {
        lock (_sync)
        {
            _callInFlight = false;
            if (thrown is not null)
            {
                _ended = true;
                _failure ??= thrown;
            }
        }
    }

    /// <summary>Wakes a waiting <see cref="WaitToReadAsync"/>.</summary>
    private void Signal()
    {
        TaskCompletionSource? waiter;
        lock (_sync)
        {
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }
}
