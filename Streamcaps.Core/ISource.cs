namespace Streamcaps;

/// <summary>
/// A producer of items. Each call hands exactly one signal to the given sink: the next item, the clean
/// end, or the failure. Use <see cref="Flow.RunAsync{T}(ISource{T}, ISink{T}, CancellationToken)"/> to
/// move every item from a source into a sink.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public interface ISource<out T>
{
    /// <summary>Makes exactly one call on <paramref name="sink"/>.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description><c>sink.RunAsync(item)</c> with the next item;</description></item>
    /// <item><description><c>sink.CompleteAsync()</c> when the source is exhausted, and on every later call;</description></item>
    /// <item><description><c>sink.AbortAsync(problem)</c> when the source failed.</description></item>
    /// </list>
    /// Callers make one call at a time: a source faults an overlapping call with
    /// <see cref="InvalidOperationException"/>.
    /// </remarks>
    /// <param name="sink">The sink that receives the one signal.</param>
    /// <param name="cancellationToken">Cancels waiting for the next item. A cancelled call faults with
    /// <see cref="OperationCanceledException"/> without calling the sink.</param>
    /// <returns>A task that completes when the sink's call completes, and faults as it faults.</returns>
    ValueTask RunAsync(ISink<T> sink, CancellationToken cancellationToken = default);
}
