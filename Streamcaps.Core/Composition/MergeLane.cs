using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;
using Streamcaps.Internal;

namespace Streamcaps.Composition;

/// <summary>
/// One source of a <see cref="MergeSource{T}"/>, and the sink that source signals into. During a pull made
/// on the merge's calling thread, an item goes straight to the downstream sink; a signal that arrives later,
/// from another thread, is parked in the merge and its delivery held open until the merge delivered it.
/// </summary>
internal sealed class MergeLane<T> : ISink<T>, IValueTaskSource
{
    private readonly MergeSource<T> _merge;
    private readonly ISource<T> _source;
    private readonly IReadySource<T>? _ready;
    private readonly Action _onPullCompleted;
    private ManualResetValueTaskSourceCore<bool> _held;
    private ValueTask _pendingPull;
    private ISink<T>? _downstream;
    private CancellationToken _downstreamToken;
    private int _pullingThread;
    private T _parkedItem = default!;

    public MergeLane(MergeSource<T> merge, ISource<T> source)
    {
        _merge = merge;
        _source = source;
        _ready = source as IReadySource<T>;
        _onPullCompleted = OnPullCompleted;
        // Releasing a parked item resumes its source on the merge's thread, outside every lock: the source's call
        // then ends and the lane is idle again before the merge's next call, which pulls it straight away and
        // finds the items that arrived meanwhile ready. Resuming on the thread pool instead cost a thread hop per
        // item and left the lane busy, so a source fed from another thread handed over one item per wake-up.
        _held.RunContinuationsAsynchronously = false;
    }

    private volatile bool _idle = true;

    /// <summary>No call on the source is pending and the source has not ended. Only the merge's calling thread
    /// makes an idle lane busy, and only the thread that ends a lane's pending call makes it idle again (under the
    /// merge's lock), so the merge may take an idle lane without the lock.</summary>
    public bool IsIdle
    {
        get => _idle;
        set => _idle = value;
    }

    /// <summary>The source's signal in the last pull went straight to the downstream sink.</summary>
    public bool DeliveredDirectly { get; private set; }

    public bool HasEnded { get; private set; }

    public Exception? SourceProblem { get; private set; }

    public T ParkedItem => _parkedItem;

    /// <summary>Takes the source's next item with no call on it, if the source has one ready
    /// (<see cref="IReadySource{T}"/>). Only while the lane is idle or just taken by the merge's calling thread.</summary>
    public bool TryTakeReady([MaybeNullWhen(false)] out T item)
    {
        if (_ready is not null)
        {
            return _ready.TryTakeReady(out item);
        }

        item = default!;
        return false;
    }

    /// <summary>Asks the source for its next signal; an item it has at hand goes to <paramref name="downstream"/> at once.</summary>
    public ValueTask Pull(ISink<T> downstream, CancellationToken downstreamToken, CancellationToken stopToken)
    {
        _downstream = downstream;
        _downstreamToken = downstreamToken;
        DeliveredDirectly = false;
        _pullingThread = Environment.CurrentManagedThreadId;
        try
        {
            return _source.RunAsync(this, stopToken);
        }
#pragma warning disable CA1031 // A source that throws instead of faulting its task fails the merge all the same.
        catch (Exception problem)
#pragma warning restore CA1031
        {
            return ValueTask.FromException(problem);
        }
        finally
        {
            _pullingThread = 0;
            _downstream = null;
        }
    }

    /// <summary>Reports a pull that finished at once.</summary>
    public void PullFinished(ValueTask pull) => _merge.LaneFinished(this, Outcome(pull));

    /// <summary>Reports a pending pull to the merge when it finishes.</summary>
    public void Watch(ValueTask pull)
    {
        _pendingPull = pull;
        pull.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onPullCompleted);
    }

    private void OnPullCompleted()
    {
        var pull = _pendingPull;
        _pendingPull = default;
        _merge.LaneFinished(this, Outcome(pull));
        _merge.PendingPullEnded();
    }

    private static Exception? Outcome(ValueTask pull)
    {
        try
        {
            pull.GetAwaiter().GetResult();
            return null;
        }
#pragma warning disable CA1031 // The failure is handed to the merge, which reports it downstream.
        catch (Exception problem)
#pragma warning restore CA1031
        {
            return problem;
        }
    }

    /// <summary>Keeps <paramref name="item"/> for the merge and returns the delivery it holds open. Called under the merge's lock.</summary>
    public ValueTask Hold(T item)
    {
        _parkedItem = item;
        _held.Reset();
        return new ValueTask(this, _held.Version);
    }

    /// <summary>Ends the delivery held open by <see cref="Hold"/>: the parked item was delivered downstream, or failed.</summary>
    public void Release(Exception? failure)
    {
        _parkedItem = default!;
        if (failure is null)
        {
            _held.SetResult(true);
        }
        else
        {
            _held.SetException(failure);
        }
    }

    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        if (_pullingThread == Environment.CurrentManagedThreadId)
        {
            DeliveredDirectly = true;
            return _downstream!.RunAsync(item, _downstreamToken);
        }

        return _merge.Park(this, item);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        HasEnded = true;
        return default;
    }

    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        SourceProblem = problem;
        return default;
    }

    void IValueTaskSource.GetResult(short token) => _held.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _held.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _held.OnCompleted(continuation, state, token, flags);
}
