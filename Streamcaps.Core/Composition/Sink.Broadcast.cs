namespace Streamcaps;

/// <summary>Factories and operators that make sinks.</summary>
public static partial class Sink
{
    /// <summary>Fan-out: a sink that delivers every item to each of <paramref name="subscribers"/>, at the pace of
    /// the slowest, and fails when one of them fails (see <see cref="BroadcastSink{T}"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="subscribers"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subscribers"/> is empty.</exception>
    public static BroadcastSink<T> Broadcast<T>(params ISink<T>[] subscribers) => Broadcast(BroadcastOptions.Default, subscribers);

    /// <summary>Fan-out with the pace and failure handling chosen by <paramref name="options"/> (see <see cref="BroadcastSink{T}"/>).</summary>
    /// <exception cref="ArgumentNullException">An argument or one of the subscribers is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subscribers"/> is empty.</exception>
    public static BroadcastSink<T> Broadcast<T>(BroadcastOptions options, params ISink<T>[] subscribers)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BroadcastSink<T>(CheckSubscribers(subscribers), options);
    }

    private static ISink<T>[] CheckSubscribers<T>(ISink<T>[] subscribers, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(subscribers))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(subscribers, name);
        if (subscribers.Length == 0)
        {
            throw new ArgumentException("At least one subscriber is needed.", name);
        }

        foreach (var subscriber in subscribers)
        {
            ArgumentNullException.ThrowIfNull(subscriber, name);
        }

        return (ISink<T>[])subscribers.Clone();
    }
}
