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
/// <para>
/// A source that can hand over a ready item without a call (<see cref="IReadySource{T}"/>, a channel) is not
/// called while it has one: the merge takes the item and delivers it itself. Run by <see cref="Flow"/>, the merge
/// goes further and takes such items in rounds, a turn of up to 32 per idle source, in one synchronous loop for as long
/// as each delivery completes at once; only a source with nothing ready costs a call. A merge of sources fed from
/// other threads then costs what reading their channels costs, instead of a whole protocol call chain per item.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The stop token source has no timer and no wait handle; it holds nothing that needs disposing.")]
internal sealed class MergeSource<T> : SourceBase<T>, IPushSource<T>, IValueTaskSource
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
    /// <summary>How many ready items one source gives in a row before the next source's turn, when the merge takes
    /// them without calls. One per turn would cost a failed take (a lock, in a channel) on every other source per
    /// item; a turn this long makes that negligible, and a source whose items keep coming still cannot starve
    /// the others.</summary>
    private const int ReadyItemsPerTurn = 32;
    private int _parkedCount;
    private int _cursor;
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

    protected override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        // While no call on a source is pending, no other thread touches the merge: the next lane is pulled
        // without the lock, and an item it has at hand goes downstream with no hand-over at all.
        if (Volatile.Read(ref _detached) == 0 && _problem is null && TakeIdleLane() is { } lane)
        {
            if (lane.TryTakeReady(out var item))
            {
                lane.IsIdle = true;
                return DeliverTaken(sink, item, cancellationToken);
            }

            var pull = lane.Pull(sink, cancellationToken, _stop.Token);
            if (lane.DeliveredDirectly && pull.IsCompletedSuccessfully)
            {
                pull.GetAwaiter().GetResult();
                lane.IsIdle = true;
                return default;
            }

            return NextAsync(sink, lane, pull, cancellationToken);
        }

        return NextAsync(sink, null, default, cancellationToken);
    }

    async Task IPushSource<T>.PushIntoAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        EnterCall();
        try
        {
            await Flow.RunThroughRelayAsync(sink, this, static (merge, relay, cancellationToken) => merge.PushAsync(relay, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            ExitCall();
        }
    }

    /// <summary>The merge's flow: rounds of ready items while there are any, else one call's worth of the
    /// protocol (a parked item, a pull, the end, or a wait). However the flow stops early, the merge fails
    /// with that problem, so no call on a source stays pending to take an item nobody will deliver.</summary>
    private async ValueTask PushAsync(FlowRelay<T> relay, CancellationToken cancellationToken)
    {
        try
        {
            while (relay.IsOpen)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (DeliverReady(relay, cancellationToken, out var pending))
                {
                    await pending.ConfigureAwait(false);
                }
                else
                {
                    await SignalAsync(relay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception problem)
        {
            Fail(problem);
            throw;
        }
    }

    /// <summary>
    /// <see cref="PushAsync"/>'s hot loop, kept out of the async method: gives each idle lane in turn a turn of
    /// up to <see cref="ReadyItemsPerTurn"/> ready items (<see cref="MergeLane{T}.TryTakeReady"/>), delivering
    /// each, round after round, until a round
    /// finds none, a delivery does not complete at once (returned in <paramref name="pending"/>), or the merge
    /// needs its protocol (a parked item waits, or the merge failed). Returns whether it delivered any item.
    /// </summary>
    private bool DeliverReady(FlowRelay<T> sink, CancellationToken cancellationToken, out ValueTask pending)
    {
        pending = default;
        var delivered = false;
        while (Volatile.Read(ref _parkedCount) == 0 && Volatile.Read(ref _problem) is null)
        {
            var deliveredInRound = false;
            for (var i = 0; i < _lanes.Length; i++)
            {
                var lane = _lanes[_cursor];
                _cursor = _cursor + 1 == _lanes.Length ? 0 : _cursor + 1;
                if (!lane.IsIdle)
                {
                    continue;
                }

                for (var taken = 0; taken < ReadyItemsPerTurn && lane.TryTakeReady(out var item); taken++)
                {
                    delivered = deliveredInRound = true;
                    if (!Flow.DeliveredAtOnce(sink, item, cancellationToken, out pending))
                    {
                        return true;
                    }
                }
            }

            if (!deliveredInRound)
            {
                break;
            }
        }

        return delivered;
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
                if (lane!.TryTakeReady(out var item))
                {
                    lane.IsIdle = true;
                    await DeliverTaken(sink, item, cancellationToken).ConfigureAwait(false);
                    return;
                }

                pull = lane.Pull(sink, cancellationToken, _stop.Token);
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

                        await FailIfFaultedAsync(pull).ConfigureAwait(false);
                        LaneFinished(lane, null);
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
                _parkedCount--;
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

    /// <summary>Delivers an item taken from a ready source; a delivery that fails fails the merge.</summary>
    private ValueTask DeliverTaken(ISink<T> sink, T item, CancellationToken cancellationToken)
    {
        ValueTask delivery;
        try
        {
            delivery = sink.RunAsync(item, cancellationToken);
        }
        catch (Exception problem)
        {
            Fail(problem);
            throw;
        }

        return delivery.IsCompletedSuccessfully ? delivery : FailIfFaultedAsync(delivery);
    }

    /// <summary>Awaits a delivery (or a pull that delivered directly); one that fails fails the merge.</summary>
    private async ValueTask FailIfFaultedAsync(ValueTask delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            Fail(problem);
            throw;
        }
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
            _parkedCount++;
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
            _parkedCount = 0;
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
