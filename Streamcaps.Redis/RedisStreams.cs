using StackExchange.Redis;
using Streamcaps.Brokers.Serialization;

namespace Streamcaps.Redis;

/// <summary>Redis Streams as sources and sinks: consumer groups, XACK after delivery, XAUTOCLAIM of a dead
/// worker's entries.</summary>
public static class RedisStreams
{
    /// <summary>Creates the source, and the consumer group (reading the stream from its start, the stream created
    /// when missing) unless it exists.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static async Task<RedisStreamSource<T>> CreateSourceAsync<T>(IDatabase database, RedisStreamSourceOptions options,
        IMessageSerializer<T> serializer, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        options.Validate();
        try
        {
            await database.StreamCreateConsumerGroupAsync(options.StreamKey, options.Group, StreamPosition.Beginning, createStream: true)
                .ConfigureAwait(false);
        }
        catch (RedisServerException exists) when (exists.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another process created it first: the group is shared.
        }

        return new RedisStreamSource<T>(database, options, serializer, timeProvider ?? TimeProvider.System);
    }

    /// <summary>A sink that appends every item to <paramref name="streamKey"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="streamKey"/> is empty.</exception>
    public static RedisStreamSink<T> CreateSink<T>(IDatabase database, string streamKey, IMessageSerializer<T> serializer) =>
        new(database, streamKey, serializer);
}
