using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Streamcaps.Internal;

namespace Streamcaps.Composition;

/// <summary>
/// Fan-in of N sources (see <see cref="Source.Merge{T}(ISource{T}[])"/>).
/// </summary>
/// <remarks>
/// The merge pulls its sources on the caller's thread, one lane after the other. A source that has an item
/// at hand delivers it straight into the downstream sink during that pull (no hand-over, no allocation). A
/// source that has to wait keeps its call pending; when its item arrives later, on another thread, the lane
/// <em>parks</em> it and holds that delivery open until a later call of the merge has delivered the item
/// downstream. So at most one item per source is ever taken ahead of the sink, and lent items stay valid
/// until their downstream delivery completed.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The stop token source has no timer and no wait handle; it holds nothing that needs disposing.")]
internal sealed class MergeSource<T> : ISource<T>, IValueTaskSource
{
    private readonly MergeLane<T>[] _lanes;
    private readonly Queue<MergeLane<T>> _parked;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private ManualResetValueTaskSourceCore<bool> _wake;
    private bool _consumerWaiting;
    private CancellationToken _waitToken;
    private int _live;
    private int _detached;
    private int _cursor;
    private bool _callInFlight;
    private Exception? _problem;

    public MergeSource(ISource<T>[] sources)
    {
        _lanes = new MergeLane<T>[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            _lanes[i] = new MergeLane<T>(this, sources[i]);
        }

        _parked = new Queue<MergeLane<T>>(sources.Length);
        _live = sources.Length;
        _wake.RunContinuationsAsynchronously = true;
    }

    public ValueTask RunAsync(ISink<T> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        // A plain flag, as in SourceBase: it catches a caller that does not await, which is sequential misuse.
        if (_callInFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        _callInFlight = true;

        // While no call on a source is pending, no other thread touches the merge: the next lane is pulled
        // without the lock, and an item it has at hand goes downstream with no hand-over at all.
        if (Volatile.Read(ref _detached) == 0 && _problem is null && !cancellationToken.IsCancellationRequested
            && TakeIdleLane() is { } lane)
        {
            var pull = lane.Pull(sink, cancellationToken, _stop.Token);
            if (lane.DeliveredDirectly && pull.IsCompletedSuccessfully)
            {
                pull.GetAwaiter().GetResult();
                lane.IsIdle = true;
                _callInFlight = false;
                return default;
            }

            return NextAsync(sink, lane, pull, cancellationToken);
        }

        return NextAsync(sink, null, default, cancellationToken);
    }

    private enum Step
    {
        Deliver,
        Pull,
        Pulled,
        Wait,
        Complete,
        Abort,
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask NextAsync(ISink<T> sink, MergeLane<T>? pulled, ValueTask pull, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                MergeLane<T>? lane;
                Exception? problem = null;
                Step step;
                if (pulled is not null)
                {
                    (lane, pulled, step) = (pulled, null, Step.Pulled);
                }
                else
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    step = Choose(out lane, out problem);
                }

                if (step == Step.Pull)
                {
                    pull = lane!.Pull(sink, cancellationToken, _stop.Token);
                    step = Step.Pulled;
                }

                switch (step)
                {
                    case Step.Abort:
                        await sink.AbortAsync(problem!).ConfigureAwait(false);
                        return;
                    case Step.Complete:
                        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    case Step.Deliver:
                        await DeliverParkedAsync(lane!, sink, cancellationToken).ConfigureAwait(false);
                        return;
                    case Step.Pulled:
                        if (lane!.DeliveredDirectly)
                        {
                            if (pull.IsCompletedSuccessfully)
                            {
                                pull.GetAwaiter().GetResult();
                                // Only this thread touches a lane between its pull and its return to idle.
                                lane.IsIdle = true;
                                return;
                            }

                            await FinishDirectDeliveryAsync(lane, pull).ConfigureAwait(false);
                            return;
                        }

                        if (pull.IsCompleted)
                        {
                            lane.PullFinished(pull);
                        }
                        else
                        {
                            Interlocked.Increment(ref _detached);
                            lane.Watch(pull);
                        }

                        break;
                    default:
                        await WaitAsync(cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        finally
        {
            _callInFlight = false;
        }
    }

    /// <summary>Decides what this call does next: parked items first (they hold a source open), then a pull of
    /// the next idle lane in turn, then the end, else wait for a lane to park or finish.</summary>
    private Step Choose(out MergeLane<T>? lane, out Exception? problem)
    {
        lock (_lock)
        {
            problem = _problem;
            lane = null;
            if (problem is not null)
            {
                return Step.Abort;
            }

            if (_parked.TryDequeue(out lane))
            {
                return Step.Deliver;
            }

            lane = TakeIdleLane();
            if (lane is not null)
            {
                return Step.Pull;
            }

            if (_live == 0)
            {
                return Step.Complete;
            }

            _wake.Reset();
            _consumerWaiting = true;
            return Step.Wait;
        }
    }

    /// <summary>The next idle lane in turn, marked busy, so a fast source cannot starve a slow one. Called under
    /// the lock, or without it while no pull is pending (no other thread then touches the lanes).</summary>
    private MergeLane<T>? TakeIdleLane()
    {
        for (var i = 0; i < _lanes.Length; i++)
        {
            var candidate = _lanes[_cursor];
            _cursor = _cursor + 1 == _lanes.Length ? 0 : _cursor + 1;
            if (candidate.IsIdle)
            {
                candidate.IsIdle = false;
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A pending pull (see <see cref="MergeLane{T}.Watch"/>) finished and was accounted for.</summary>
    internal void PendingPullEnded() => Interlocked.Decrement(ref _detached);

    private async ValueTask DeliverParkedAsync(MergeLane<T> lane, ISink<T> sink, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await sink.RunAsync(lane.ParkedItem, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            failure = problem;
            Fail(problem);
            throw;
        }
        finally
        {
            lane.Release(failure);
        }
    }

    private async ValueTask FinishDirectDeliveryAsync(MergeLane<T> lane, ValueTask pull)
    {
        try
        {
            await pull.ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            Fail(problem);
            throw;
        }

        LaneFinished(lane, null);
    }

    private ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return new ValueTask(this, _wake.Version);
        }

        return WaitCancellableAsync(cancellationToken);
    }

    private async ValueTask WaitCancellableAsync(CancellationToken cancellationToken)
    {
        _waitToken = cancellationToken;
        using var registration = cancellationToken.UnsafeRegister(static state => ((MergeSource<T>)state!).CancelWait(), this);
        await new ValueTask(this, _wake.Version).ConfigureAwait(false);
    }

    private void CancelWait()
    {
        lock (_lock)
        {
            if (!_consumerWaiting)
            {
                return;
            }

            _consumerWaiting = false;
        }

        _wake.SetException(new OperationCanceledException(_waitToken));
    }

    /// <summary>A lane's source signalled on another thread: keep the item until a call of the merge takes it.</summary>
    internal ValueTask Park(MergeLane<T> lane, T item)
    {
        ValueTask delivery;
        bool wake;
        lock (_lock)
        {
            if (_problem is { } problem)
            {
                return ValueTask.FromException(problem);
            }

            delivery = lane.Hold(item);
            _parked.Enqueue(lane);
            wake = TakeWaiter();
        }

        if (wake)
        {
            _wake.SetResult(true);
        }

        return delivery;
    }

    /// <summary>A lane's call on its source finished: the lane is idle again, ended, or failed.</summary>
    internal void LaneFinished(MergeLane<T> lane, Exception? thrown)
    {
        var problem = lane.SourceProblem ?? thrown;
        if (problem is not null)
        {
            Fail(problem);
            return;
        }

        bool wake;
        lock (_lock)
        {
            if (lane.HasEnded)
            {
                _live--;
            }
            else
            {
                lane.IsIdle = true;
            }

            wake = TakeWaiter();
        }

        if (wake)
        {
            _wake.SetResult(true);
        }
    }

    /// <summary>Ends the merge with its first problem: cancels the pending calls on the sources, fails the
    /// deliveries held open by parked items, and wakes a waiting call so it aborts the sink.</summary>
    private void Fail(Exception problem)
    {
        MergeLane<T>[] parked;
        bool wake;
        lock (_lock)
        {
            if (_problem is not null)
            {
                return;
            }

            _problem = problem;
            parked = [.. _parked];
            _parked.Clear();
            wake = TakeWaiter();
        }

        _stop.Cancel();
        foreach (var lane in parked)
        {
            lane.Release(problem);
        }

        if (wake)
        {
            _wake.SetResult(true);
        }
    }

    private bool TakeWaiter()
    {
        var waiting = _consumerWaiting;
        _consumerWaiting = false;
        return waiting;
    }

    void IValueTaskSource.GetResult(short token) => _wake.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _wake.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wake.OnCompleted(continuation, state, token, flags);
}
