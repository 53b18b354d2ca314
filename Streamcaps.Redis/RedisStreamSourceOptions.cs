using Streamcaps.Brokers;

namespace Streamcaps.Redis;

/// <summary>Where a <see cref="RedisStreamSource{T}"/> reads from and how; the delivery rules (acknowledgement,
/// backoff, dead-lettering, batch size) are those of <see cref="BrokerSourceOptions"/>.</summary>
public sealed class RedisStreamSourceOptions : BrokerSourceOptions
{
    /// <summary>The default <see cref="PollInterval"/>: 50 milliseconds.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The default <see cref="ClaimMinIdleTime"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultClaimMinIdleTime = TimeSpan.FromSeconds(30);

    /// <summary>The stream's key. Required.</summary>
    public required string StreamKey { get; init; }

    /// <summary>The consumer group: every process in one group shares the stream's entries. Required.</summary>
    public required string Group { get; init; }

    /// <summary>This process's name in the group; a restarted process with the same name first takes back the
    /// entries it had not acknowledged. Required.</summary>
    public required string Consumer { get; init; }

    /// <summary>How long the source waits before asking again when the stream had nothing new (StackExchange.Redis
    /// has no blocking XREADGROUP). Default <see cref="DefaultPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>An entry that another consumer (a crashed worker) has held unacknowledged this long is claimed
    /// with XAUTOCLAIM and delivered here. Also the delay after which this source's own handed-back entries come
    /// again, as Redis has no delayed redelivery. Default <see cref="DefaultClaimMinIdleTime"/>.</summary>
    public TimeSpan ClaimMinIdleTime { get; init; } = DefaultClaimMinIdleTime;

    /// <summary>The stream an entry goes to when its payload does not deserialize (at once) or after
    /// <see cref="BrokerSourceOptions.MaxDeliveries"/> failed deliveries,
    /// with fields <c>data</c>, <c>error</c>, <c>stream</c>, <c>id</c> and <c>deliveries</c>; the original is then
    /// acknowledged. <see langword="null"/>: no dead-lettering.</summary>
    public string? DeadLetterStreamKey { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(StreamKey, nameof(StreamKey));
        ArgumentException.ThrowIfNullOrWhiteSpace(Group, nameof(Group));
        ArgumentException.ThrowIfNullOrWhiteSpace(Consumer, nameof(Consumer));
        ValidateDelivery("options", DeadLetterStreamKey is not null);
        if (PollInterval <= TimeSpan.Zero || ClaimMinIdleTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("options", $"{nameof(PollInterval)} and {nameof(ClaimMinIdleTime)} must be positive.");
        }
    }
}
