namespace Streamcaps.Nats.JetStream;

/// <summary>Where a <see cref="JetStreamSink{T}"/> publishes and how.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class JetStreamSinkOptions<T>
{
    /// <summary>The default <see cref="PublishTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultPublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The subject every item is published to; a stream must capture it. Required.</summary>
    public required string Subject { get; init; }

    /// <summary>Gives each item its <c>Nats-Msg-Id</c>, so the stream drops a second publish of the same id
    /// within its duplicate window (a retried publish, a redelivered input processed twice). A duplicate the
    /// stream dropped counts as published. <see langword="null"/> (the default): no message ids.</summary>
    public Func<T, string?>? MessageId { get; init; }

    /// <summary>How many publishes may await their PubAck at once. Default 1: every delivery completes on its
    /// own PubAck. Above 1 the sink pipelines: a delivery completes once the item is serialized and handed to the
    /// window (waiting first for the oldest PubAck when the window is full); PubAcks are awaited in publish order;
    /// <see cref="ISink{T}.CompleteAsync"/> completes after every outstanding PubAck arrived; a failed PubAck
    /// faults the next <see cref="ISink{T}.RunAsync"/> or <see cref="ISink{T}.CompleteAsync"/>, and the items
    /// after it in the window count as not published. To acknowledge an input only when its output is stored,
    /// use <see cref="Published"/>.</summary>
    public int MaxPublishesInFlight { get; init; } = 1;

    /// <summary>How long a publish waits for its PubAck before it faults with <see cref="TimeoutException"/>
    /// (or <see cref="JetStreamNoStreamException"/> when no stream captures the subject). Default
    /// <see cref="DefaultPublishTimeout"/>.</summary>
    public TimeSpan PublishTimeout { get; init; } = DefaultPublishTimeout;

    /// <summary>Called with each item, in publish order, once the stream acknowledged it: the place to
    /// acknowledge the input an item was made from, so a pipelined sink keeps end-to-end at-least-once. A
    /// failing callback faults the sink like a failed PubAck.</summary>
    public Func<T, CancellationToken, ValueTask>? Published { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Subject, nameof(Subject));
        if (MaxPublishesInFlight <= 0)
        {
            throw new ArgumentOutOfRangeException("options", MaxPublishesInFlight, $"{nameof(MaxPublishesInFlight)} must be positive.");
        }

        if (PublishTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("options", PublishTimeout, $"{nameof(PublishTimeout)} must be positive.");
        }
    }
}
