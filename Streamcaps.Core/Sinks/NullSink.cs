using Streamcaps.Internal;

namespace Streamcaps.Sinks;

/// <summary>Takes every item at once and keeps none.</summary>
internal sealed class NullSink<T> : SinkBase<T>
{
    protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken) => default;
}
