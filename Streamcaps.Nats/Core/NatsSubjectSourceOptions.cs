namespace Streamcaps.Nats.Core;

/// <summary>How a <see cref="NatsSubjectSource{T}"/> subscribes.</summary>
public sealed class NatsSubjectSourceOptions
{
    /// <summary>The default <see cref="PendingCapacity"/>: 1,024 messages.</summary>
    public const int DefaultPendingCapacity = 1024;

    /// <summary>The subject to subscribe to (wildcards allowed). Required.</summary>
    public required string Subject { get; init; }

    /// <summary>A queue group: subscribers in one group share the messages, each going to one of them.
    /// <see langword="null"/> (the default): every subscriber gets every message.</summary>
    public string? QueueGroup { get; init; }

    /// <summary>How many received messages wait for the sink. Core NATS has no backpressure toward the
    /// publisher: when the sink is slower than the subject and this many messages wait, every further message
    /// is dropped (counted in <see cref="NatsSubjectSource{T}.DroppedCount"/> and reported to
    /// <see cref="Dropped"/>) until there is room again. Default <see cref="DefaultPendingCapacity"/>.</summary>
    public int PendingCapacity { get; init; } = DefaultPendingCapacity;

    /// <summary>Called (on the connection's reader) with the subject of every message dropped for want of room.</summary>
    public Action<string>? Dropped { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Subject, nameof(Subject));
        if (PendingCapacity <= 0)
        {
            throw new ArgumentOutOfRangeException("options", PendingCapacity, $"{nameof(PendingCapacity)} must be positive.");
        }
    }
}
