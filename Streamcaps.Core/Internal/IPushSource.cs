namespace Streamcaps.Internal;

/// <summary>
/// A source that can run a whole flow by pushing into the sink, which is cheaper than being pulled one
/// item at a time. <c>upstream.Through(pump)</c> is one: its flow is the upstream's flow into
/// <c>pump.Into(sink)</c>, with no hand-over between pulls; the sources over arrays, lists and enumerables
/// (<see cref="CursorSource{T}"/>) are another: their flow is a loop over the cursor. The observable behaviour
/// must be the same as pulling.
/// </summary>
internal interface IPushSource<out T>
{
    /// <summary>Runs the flow from this source into <paramref name="sink"/> with <see cref="Flow"/>'s semantics.</summary>
    Task PushIntoAsync(ISink<T> sink, CancellationToken cancellationToken);
}
