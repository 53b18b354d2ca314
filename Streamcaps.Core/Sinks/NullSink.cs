using Streamcaps.Internal;

namespace Streamcaps.Sinks;

/// <summary>Takes every item at once and keeps none.</summary>
internal sealed class NullSink<T> : SynchronousSink<T>
{
    internal override void Deliver(T item)
    {
    }
}
