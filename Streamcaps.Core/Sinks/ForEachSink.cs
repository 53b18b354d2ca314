using Streamcaps.Internal;

namespace Streamcaps.Sinks;

/// <summary>Hands every item to an asynchronous delegate; the delegate's task is the backpressure.</summary>
internal sealed class ForEachSink<T>(Func<T, CancellationToken, ValueTask> action) : SinkBase<T>
{
    protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken) =>
        action(item, cancellationToken);
}
