namespace Streamcaps.Brokers.Internal;

/// <summary>
/// The sink lifecycle every connector sink shares (DESIGN rules 1, 2 and 6), so each one only says what a
/// delivery, a clean end and a failed end mean for it: a delivery after the end or while another is in flight
/// faults with <see cref="InvalidOperationException"/>; a second Complete or Abort is harmless; a cancelled
/// delivery faults with <see cref="OperationCanceledException"/> and leaves the sink aborted.
/// </summary>
internal abstract class ConnectorSink<T> : ISink<T>
{
    private const int Open = 0;
    private const int Delivering = 1;
    private const int Ended = 2;

    private int _state;

    /// <summary>Whether the sink was completed or aborted.</summary>
    protected bool IsEnded => Volatile.Read(ref _state) == Ended;

    /// <inheritdoc/>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        var previous = Interlocked.CompareExchange(ref _state, Delivering, Open);
        if (previous != Open)
        {
            throw new InvalidOperationException(previous == Ended
                ? "The sink has ended (completed or aborted): it takes no more items."
                : "A delivery is already in flight on this sink: await each RunAsync before the next.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return AbortCancelledAsync(new OperationCanceledException(cancellationToken));
        }

        ValueTask delivery;
        try
        {
            delivery = DeliverAsync(item, cancellationToken);
        }
        catch
        {
            Exit();
            throw;
        }

        if (delivery.IsCompletedSuccessfully)
        {
            delivery.GetAwaiter().GetResult();
            Exit();
            return default;
        }

        return AwaitDeliveryAsync(delivery, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!TryEnd())
        {
            return default;
        }

        return cancellationToken.IsCancellationRequested
            ? AbortEndedAsync(new OperationCanceledException(cancellationToken))
            : OnCompleteAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TryEnd() ? OnAbortAsync(problem) : default;
    }

    /// <summary>Takes one item. Called only while the sink is open, never twice at once.</summary>
    protected abstract ValueTask DeliverAsync(T item, CancellationToken cancellationToken);

    /// <summary>The clean end, called once: flush and release.</summary>
    protected virtual ValueTask OnCompleteAsync(CancellationToken cancellationToken) => default;

    /// <summary>The failed end, called once: release, dropping what is pending.</summary>
    protected virtual ValueTask OnAbortAsync(Exception problem) => default;

    private bool TryEnd() => Interlocked.Exchange(ref _state, Ended) != Ended;

    private void Exit() => Interlocked.CompareExchange(ref _state, Open, Delivering);

    private async ValueTask AwaitDeliveryAsync(ValueTask delivery, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            await AbortAsync(cancelled).ConfigureAwait(false);
            throw;
        }
        finally
        {
            Exit();
        }
    }

    private async ValueTask AbortCancelledAsync(OperationCanceledException cancelled)
    {
        await AbortAsync(cancelled).ConfigureAwait(false);
        throw cancelled;
    }

    private async ValueTask AbortEndedAsync(OperationCanceledException cancelled)
    {
        await OnAbortAsync(cancelled).ConfigureAwait(false);
        throw cancelled;
    }
}
