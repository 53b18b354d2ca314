using StackExchange.Redis;
using Streamcaps.Brokers.Acknowledgement;
using Streamcaps.Brokers.Internal;

namespace Streamcaps.Redis;

/// <summary>One entry of a Redis stream read through a consumer group: the payload with its envelope (stream key,
/// entry id, delivery count). Acknowledged (XACK) after its delivery completed, or by the receiver in
/// <see cref="AcknowledgementMode.Manual"/>.</summary>
/// <typeparam name="T">The payload type.</typeparam>
public readonly struct RedisStreamMessage<T> : IAcknowledgeable, IBrokerMessage
{
    private readonly RedisStreamSource<T> _source;

    internal RedisStreamMessage(RedisStreamSource<T> source, RedisValue id, T payload, byte[] raw, ulong deliveryCount, Exception? unreadable)
    {
        _source = source;
        EntryId = id;
        Payload = payload;
        Raw = raw;
        DeliveryCount = deliveryCount;
        Unreadable = unreadable;
    }

    /// <summary>The deserialized payload.</summary>
    public T Payload { get; }

    /// <summary>The stream's key.</summary>
    public string StreamKey => _source.StreamKey;

    /// <summary>The entry's id (<c>milliseconds-sequence</c>), its position in the stream.</summary>
    public RedisValue EntryId { get; }

    /// <summary>How many times the entry has been delivered to the group, this time included (1 on the first).</summary>
    public ulong DeliveryCount { get; }

    internal byte[] Raw { get; }

    internal Exception? Unreadable { get; }

    /// <inheritdoc/>
    public ValueTask AckAsync(CancellationToken cancellationToken = default) => _source.AckAsync(EntryId);

    /// <inheritdoc/>
    /// <remarks>Redis keeps the entry pending; this source claims it again after <paramref name="delay"/>.</remarks>
    public ValueTask NakAsync(TimeSpan delay, CancellationToken cancellationToken = default)
    {
        _source.Retry(EntryId, delay);
        return default;
    }
}
