using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Streamcaps.Composition;
using Streamcaps.Internal;

namespace Streamcaps;

/// <summary>
/// Fan-out: a sink that delivers every item to each of its subscribers (made by
/// <see cref="Sink.Broadcast{T}(BroadcastOptions, ISink{T}[])"/>).
/// </summary>
/// <remarks>
/// <para>Deliveries to the subscribers run concurrently. With <see cref="LaggingSubscriberPolicy.Wait"/> a
/// delivery to the broadcast completes when every subscriber took the item, so an item lent to the broadcast
/// stays valid until all of them are done with it (rule 5) and the slowest subscriber sets the pace.</para>
/// <para>With <see cref="LaggingSubscriberPolicy.Drop"/> the delivery completes as soon as one subscriber took
/// the item; a subscriber still busy with an earlier item misses the new one. A lagging subscriber may
/// therefore still hold an item after the broadcast's delivery completed: lent memory must be copied before
/// a dropping broadcast.</para>
/// <para>Completion completes every remaining subscriber; abort aborts them all with the same problem.</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class BroadcastSink<T> : ISink<T>
{
    private readonly ISink<T>[] _subscribers;
    private readonly BroadcastOptions _options;
    private readonly bool[] _removed;
    private readonly long[] _missed;
    private readonly ValueTask[] _pending;
    private readonly int[] _pendingSubscriber;
    private readonly Task?[] _busy;
    private SinkGate _gate;
    private int _active;

    internal BroadcastSink(ISink<T>[] subscribers, BroadcastOptions options)
    {
        _subscribers = subscribers;
        _options = options;
        _removed = new bool[subscribers.Length];
        _missed = new long[subscribers.Length];
        _pending = new ValueTask[subscribers.Length];
        _pendingSubscriber = new int[subscribers.Length];
        _busy = new Task?[subscribers.Length];
        _active = subscribers.Length;
    }

    /// <summary>How many subscribers the broadcast started with.</summary>
    public int SubscriberCount => _subscribers.Length;

    /// <summary>How many subscribers still receive items (failed ones are removed under
    /// <see cref="SubscriberFailurePolicy.DropSubscriber"/>).</summary>
    public int ActiveSubscriberCount => Volatile.Read(ref _active);

    /// <summary>How many items the subscriber at <paramref name="subscriber"/> (its index in the
    /// broadcast's subscriber list) missed because it was still busy (<see cref="LaggingSubscriberPolicy.Drop"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="subscriber"/> is not an index of a subscriber.</exception>
    public long MissedItems(int subscriber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subscriber);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subscriber, _subscribers.Length);
        return Volatile.Read(ref _missed[subscriber]);
    }

    /// <summary>Delivers <paramref name="item"/> to every subscriber (see the type's remarks for the pace).</summary>
    /// <returns>A task that faults with a subscriber's problem under <see cref="SubscriberFailurePolicy.FailBroadcast"/>
    /// (the other subscribers are then aborted with it), or when the last subscriber was removed.</returns>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        _gate.Enter();
        if (cancellationToken.IsCancellationRequested)
        {
            // Rule 6: a cancelled delivery ends the broadcast rather than leave some subscribers without the item.
            return FailCancelledAsync(new OperationCanceledException(cancellationToken));
        }

        return _options.LaggingSubscribers == LaggingSubscriberPolicy.Wait
            ? DeliverToAll(item, cancellationToken)
            : DeliverToFree(item, cancellationToken);
    }

    private async ValueTask FailCancelledAsync(OperationCanceledException cancelled)
    {
        _gate.TryEnd();
        await SinkGroup.AbortAllAsync(_subscribers, _removed, cancelled).ConfigureAwait(false);
        throw cancelled;
    }

    private ValueTask DeliverToAll(T item, CancellationToken cancellationToken)
    {
        var pending = 0;
        for (var i = 0; i < _subscribers.Length; i++)
        {
            if (_removed[i])
            {
                continue;
            }

            var delivery = SinkGroup.Deliver(_subscribers[i], item, cancellationToken);
            if (delivery.IsCompletedSuccessfully)
            {
                delivery.GetAwaiter().GetResult();
                continue;
            }

            _pending[pending] = delivery;
            _pendingSubscriber[pending++] = i;
        }

        if (pending == 0)
        {
            _gate.Exit();
            return default;
        }

        return AwaitAllAsync(pending);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAllAsync(int pending)
    {
        Exception? fatal = null;
        try
        {
            for (var k = 0; k < pending; k++)
            {
                try
                {
                    await _pending[k].ConfigureAwait(false);
                }
                catch (Exception problem) when (fatal is null)
                {
                    fatal = await SubscriberFailedAsync(_pendingSubscriber[k], problem).ConfigureAwait(false);
                }
                catch (Exception) when (fatal is not null)
                {
                    // The broadcast already failed and aborted this subscriber; its delivery failing too is expected.
                }
                finally
                {
                    _pending[k] = default;
                }
            }
        }
        finally
        {
            _gate.Exit();
        }

        if (fatal is not null)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }
    }

    private ValueTask DeliverToFree(T item, CancellationToken cancellationToken)
    {
        var started = 0;
        var taken = false;
        for (var i = 0; i < _subscribers.Length; i++)
        {
            if (_removed[i])
            {
                continue;
            }

            if (_busy[i] is { } busy)
            {
                if (!busy.IsCompleted)
                {
                    Interlocked.Increment(ref _missed[i]);
                    continue;
                }

                _busy[i] = null;
                if (!busy.IsCompletedSuccessfully)
                {
                    return FailFromFreeAsync(i, TaskProblem.Of(busy));
                }
            }

            var delivery = SinkGroup.Deliver(_subscribers[i], item, cancellationToken);
            if (delivery.IsCompletedSuccessfully)
            {
                delivery.GetAwaiter().GetResult();
                taken = true;
                continue;
            }

            _busy[i] = delivery.AsTask();
            started++;
        }

        if (taken || started == 0)
        {
            _gate.Exit();
            return default;
        }

        return AwaitFirstAsync();
    }

    private async ValueTask AwaitFirstAsync()
    {
        try
        {
            // The first subscriber done sets the pace; a failure is handled when that subscriber is next due.
            await Task.WhenAny(_busy.Where(static task => task is not null)!).ConfigureAwait(false);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private async ValueTask FailFromFreeAsync(int subscriber, Exception problem)
    {
        try
        {
            if (await SubscriberFailedAsync(subscriber, problem).ConfigureAwait(false) is { } fatal)
            {
                ExceptionDispatchInfo.Throw(fatal);
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Applies the failure policy; returns the problem the broadcast fails with, or null when it goes on.</summary>
    private async ValueTask<Exception?> SubscriberFailedAsync(int subscriber, Exception problem)
    {
        if (_options.SubscriberFailures == SubscriberFailurePolicy.DropSubscriber)
        {
            _removed[subscriber] = true;
            _busy[subscriber] = null;
            await Flow.AbortQuietlyAsync(_subscribers[subscriber], problem).ConfigureAwait(false);
            if (Interlocked.Decrement(ref _active) > 0)
            {
                return null;
            }
        }

        _gate.TryEnd();
        _removed[subscriber] = true;
        await SinkGroup.AbortAllAsync(_subscribers, _removed, problem).ConfigureAwait(false);
        Array.Fill(_removed, true);
        return problem;
    }

    /// <summary>Completes every remaining subscriber, concurrently, after their last deliveries finished.</summary>
    /// <returns>A task that completes when all completed, and faults with the first failure among them.</returns>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!_gate.TryEnd())
        {
            return;
        }

        for (var i = 0; i < _busy.Length; i++)
        {
            if (_busy[i] is { } busy)
            {
                _busy[i] = null;
                await busy.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!busy.IsCompletedSuccessfully && _options.SubscriberFailures == SubscriberFailurePolicy.FailBroadcast)
                {
                    var problem = TaskProblem.Of(busy);
                    await SinkGroup.AbortAllAsync(_subscribers, _removed, problem).ConfigureAwait(false);
                    ExceptionDispatchInfo.Throw(problem);
                }
            }
        }

        await SinkGroup.CompleteAllAsync(_subscribers, _removed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Aborts every remaining subscriber with <paramref name="problem"/>, concurrently.</summary>
    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return _gate.TryEnd() ? SinkGroup.AbortAllAsync(_subscribers, _removed, problem) : default;
    }
}
