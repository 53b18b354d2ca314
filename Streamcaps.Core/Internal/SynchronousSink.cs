namespace Streamcaps.Internal;

/// <summary>
/// A library sink whose every delivery is a plain synchronous call that is never pending. A flow whose items
/// are ready at once (a <see cref="CursorSource{T}"/>) hands them all over in one loop
/// (<see cref="CursorSource{T}.DrainInto"/>): one lifecycle check for the whole run instead of one per item, and
/// no task per item. A map or filter in front of such a sink is one too (<see cref="Pumps.MapPump{TIn, TOut}"/>),
/// so a chain of them is a loop of plain calls, fused the way LINQ folds <c>Select(f).Select(g)</c>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class SynchronousSink<T> : SinkBase<T>
{
    /// <summary>Takes one item. Called by <see cref="DeliverAsync"/> (one delivery, the lifecycle checked), or
    /// by a loop that entered the lifecycle once for all its items (<see cref="SinkBase{T}.EnterDeliveries"/>).</summary>
    internal abstract void Deliver(T item);

    protected sealed override ValueTask DeliverAsync(T item, CancellationToken cancellationToken)
    {
        Deliver(item);
        return default;
    }
}
