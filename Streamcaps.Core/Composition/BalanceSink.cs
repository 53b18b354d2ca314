using System.Runtime.ExceptionServices;
using Streamcaps.Internal;

namespace Streamcaps.Composition;

/// <summary>
/// Fan-out by work sharing: each item goes to the next subscriber that is free (see
/// <see cref="Sink.Balance{T}(ISink{T}[])"/>).
/// </summary>
internal sealed class BalanceSink<T> : ISink<T>
{
    private readonly ISink<T>[] _workers;
    private readonly Task?[] _inFlight;
    private readonly bool[] _removed;
    private SinkGate _gate;
    private int _cursor;

    public BalanceSink(ISink<T>[] workers)
    {
        _workers = workers;
        _inFlight = new Task?[workers.Length];
        _removed = new bool[workers.Length];
    }

    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        _gate.Enter();
        if (cancellationToken.IsCancellationRequested)
        {
            // Rule 6: a cancelled delivery ends the sink rather than leave it half-delivered.
            return FailAsync(new OperationCanceledException(cancellationToken));
        }

        if (TryHandOver(item, cancellationToken, out var failure))
        {
            _gate.Exit();
            return default;
        }

        return failure is not null ? FailAsync(failure) : WaitForFreeWorkerAsync(item, cancellationToken);
    }

    /// <summary>Gives the item to the next free worker, starting after the last one used so work is shared in turn.</summary>
    /// <returns>Whether a worker took it; <paramref name="failure"/> is a worker's earlier failure found on the way.</returns>
    private bool TryHandOver(T item, CancellationToken cancellationToken, out Exception? failure)
    {
        failure = null;
        for (var n = 0; n < _workers.Length; n++)
        {
            var i = _cursor;
            _cursor = i + 1 == _workers.Length ? 0 : i + 1;
            if (_inFlight[i] is { } running)
            {
                if (!running.IsCompleted)
                {
                    continue;
                }

                _inFlight[i] = null;
                if (!running.IsCompletedSuccessfully)
                {
                    failure = TaskProblem.Of(running);
                    return false;
                }
            }

            var delivery = SinkGroup.Deliver(_workers[i], item, cancellationToken);
            if (delivery.IsCompletedSuccessfully)
            {
                delivery.GetAwaiter().GetResult();
            }
            else if (delivery.IsCompleted)
            {
                failure = TaskProblem.Of(delivery.AsTask());
                return false;
            }
            else
            {
                // Started and left running: the balance's pace is "some worker is free", not "this item is done".
                _inFlight[i] = delivery.AsTask();
            }

            return true;
        }

        return false;
    }

    private async ValueTask WaitForFreeWorkerAsync(T item, CancellationToken cancellationToken)
    {
        Exception? failure;
        while (true)
        {
            try
            {
                await Task.WhenAny(_inFlight.Where(static task => task is not null)!).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException cancelled)
            {
                // Rule 6: the item was given to no worker, and the balance ends rather than stay half-used.
                failure = cancelled;
                break;
            }

            if (TryHandOver(item, cancellationToken, out failure))
            {
                _gate.Exit();
                return;
            }

            if (failure is not null)
            {
                break;
            }
        }

        await FailAsync(failure).ConfigureAwait(false);
    }

    private async ValueTask FailAsync(Exception problem)
    {
        _gate.TryEnd();
        await SinkGroup.AbortAllAsync(_workers, _removed, problem).ConfigureAwait(false);
        ExceptionDispatchInfo.Throw(problem);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!_gate.TryEnd())
        {
            return;
        }

        foreach (var running in _inFlight)
        {
            if (running is not null)
            {
                await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!running.IsCompletedSuccessfully)
                {
                    var problem = TaskProblem.Of(running);
                    await SinkGroup.AbortAllAsync(_workers, _removed, problem).ConfigureAwait(false);
                    ExceptionDispatchInfo.Throw(problem);
                }
            }
        }

        await SinkGroup.CompleteAllAsync(_workers, _removed, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return _gate.TryEnd() ? SinkGroup.AbortAllAsync(_workers, _removed, problem) : default;
    }
}
