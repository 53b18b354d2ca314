namespace Streamcaps;

/// <summary>
/// A consumer of items: the end of a flow, or the input of a transformer. The task each call returns
/// <em>is</em> the backpressure: a delivery completes only when the sink can take the next item.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// <para>Callers deliver one item at a time: they await each <see cref="RunAsync"/> before the next call.
/// A sink detects a second delivery while one is in flight and faults it with
/// <see cref="InvalidOperationException"/>.</para>
/// <para>Items of type <see cref="ReadOnlyMemory{T}"/> are <em>lent</em>: the memory belongs to the caller
/// again as soon as the delivery's task completes, so a sink that keeps the bytes longer copies them.</para>
/// </remarks>
public interface ISink<in T>
{
    /// <summary>Delivers one item.</summary>
    /// <param name="item">The item. Borrowed memory stays valid only until the returned task completes.</param>
    /// <param name="cancellationToken">Cancels this one delivery. A cancelled delivery faults with
    /// <see cref="OperationCanceledException"/> and leaves the sink ended (aborted), never half-delivered.</param>
    /// <returns>A task that completes when the sink can take the next item, and faults when the item
    /// could not be delivered. After <see cref="CompleteAsync"/> or <see cref="AbortAsync"/> it faults with
    /// <see cref="InvalidOperationException"/>.</returns>
    ValueTask RunAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>The clean end: no more items will be delivered.</summary>
    /// <param name="cancellationToken">Cancels waiting for the flush; the sink is then aborted.</param>
    /// <returns>A task that completes once everything delivered has been flushed and the sink's resources
    /// are released. Calling it again, or after <see cref="AbortAsync"/>, is harmless and completes at once.</returns>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);

    /// <summary>The failed end: no more items will be delivered because <paramref name="problem"/> happened.</summary>
    /// <param name="problem">Why the flow failed. Sinks that forward the end (pumps applied to a sink,
    /// fan-out) pass this same exception on.</param>
    /// <returns>A task that completes when the sink's resources are released; pending data may be dropped.
    /// Calling it again, or after <see cref="CompleteAsync"/>, is harmless.</returns>
    ValueTask AbortAsync(Exception problem);
}
