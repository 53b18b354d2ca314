using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps;

/// <summary>
/// The base of a correct sink: it keeps the lifecycle every sink shares, so a sink only says what a delivery,
/// a clean end and a failed end mean for it. Every sink of the library derives from it; derive yours too. It keeps DESIGN rules 1, 2 and 6 in one place: a delivery after the end or
/// while another is in flight faults with <see cref="InvalidOperationException"/>; a second Complete or
/// Abort is harmless; a cancelled delivery faults with <see cref="OperationCanceledException"/> and
/// leaves the sink aborted.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <example>
/// <code>
/// sealed class ConsoleSink : SinkBase&lt;string&gt;
/// {
///     protected override ValueTask DeliverAsync(string item, CancellationToken cancellationToken)
///     {
///         Console.WriteLine(item);
///         return default;
///     }
/// }
/// </code>
/// Check it with Streamcaps.Testing's <c>SinkConformance&lt;T&gt;</c>.
/// </example>
public abstract class SinkBase<T> : ISink<T>
{
    private SinkGate _gate;

    /// <summary>Whether the sink was completed or aborted.</summary>
    protected bool IsEnded => _gate.IsEnded;

    /// <inheritdoc/>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        _gate.Enter();
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
            _gate.Exit();
            throw;
        }

        if (delivery.IsCompletedSuccessfully)
        {
            // Consumes a pooled source's result so its owner can reuse it.
            delivery.GetAwaiter().GetResult();
            _gate.Exit();
            return default;
        }

        return AwaitDeliveryAsync(delivery, cancellationToken);
    }

    /// <summary>Starts a run of deliveries made without <see cref="RunAsync"/>, as one delivery in flight:
    /// a flow's synchronous loop (<see cref="Internal.CursorSource{T}.DrainInto"/>) checks the lifecycle once for
    /// all its items. Throws as <see cref="RunAsync"/> does when the sink ended or a delivery is in flight.</summary>
    internal void EnterDeliveries() => _gate.Enter();

    /// <summary>Ends the run that <see cref="EnterDeliveries"/> started.</summary>
    internal void ExitDeliveries() => _gate.Exit();

    /// <inheritdoc/>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!_gate.TryEnd())
        {
            return default;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return AbortEndedAsync(new OperationCanceledException(cancellationToken));
        }

        return OnCompleteAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return _gate.TryEnd() ? OnAbortAsync(problem) : default;
    }

    /// <summary>Takes one item. Called only while the sink is open, never twice at once. A
    /// <see cref="ReadOnlyMemory{T}"/> item is lent only until the returned task completes: copy what you keep.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels this delivery; a cancelled delivery leaves the sink aborted.</param>
    /// <returns>A task that completes when the sink can take the next item (the backpressure).</returns>
    protected abstract ValueTask DeliverAsync(T item, CancellationToken cancellationToken);

    /// <summary>The clean end, called once: flush and release. Default: nothing to do.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when everything delivered was flushed.</returns>
    protected virtual ValueTask OnCompleteAsync(CancellationToken cancellationToken) => default;

    /// <summary>The failed end, called once: release, dropping what is pending. Default: nothing to do.</summary>
    /// <param name="problem">Why the flow failed.</param>
    /// <returns>A task that completes when the resources are released.</returns>
    protected virtual ValueTask OnAbortAsync(Exception problem) => default;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitDeliveryAsync(ValueTask delivery, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            // Rule 6: a cancelled delivery may have been half taken, so the sink cannot go on.
            await AbortAsync(cancelled).ConfigureAwait(false);
            throw;
        }
        finally
        {
            _gate.Exit();
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
