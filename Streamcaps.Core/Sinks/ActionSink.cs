using Streamcaps.Internal;

namespace Streamcaps.Sinks;

/// <summary>Hands every item to a synchronous delegate; the sink is ready again as soon as it returned.</summary>
internal sealed class ActionSink<T>(Action<T> action) : SynchronousSink<T>
{
    internal override void Deliver(T item) => action(item);
}
