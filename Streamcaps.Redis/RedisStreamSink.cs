using System.Buffers;
using StackExchange.Redis;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Internal;

namespace Streamcaps.Redis;

/// <summary>
/// Appends each item to a Redis stream (XADD, field <c>data</c>). A delivery completes when Redis answered the
/// XADD: the entry is in the server's memory, and as durable as the server's persistence makes it (AOF with
/// <c>appendfsync always</c> for every write; replicas only asynchronously). Redis 7.0 has no idempotent XADD, so
/// a retried publish can store an item twice: make the consumers idempotent.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class RedisStreamSink<T> : ISink<T>
{
    private readonly Appender _appender;

    internal RedisStreamSink(IDatabase database, string streamKey, IMessageSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(streamKey);
        ArgumentNullException.ThrowIfNull(serializer);
        _appender = new Appender(database, streamKey, serializer);
    }

    /// <inheritdoc/>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) => _appender.RunAsync(item, cancellationToken);

    /// <inheritdoc/>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => _appender.CompleteAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask AbortAsync(Exception problem) => _appender.AbortAsync(problem);

    private sealed class Appender(IDatabase database, string streamKey, IMessageSerializer<T> serializer) : SinkBase<T>
    {
        private readonly ArrayBufferWriter<byte> _payload = new();

        protected override async ValueTask DeliverAsync(T item, CancellationToken cancellationToken)
        {
            _payload.ResetWrittenCount();
            serializer.Serialize(_payload, item);
            await database.StreamAddAsync(streamKey, "data", _payload.WrittenMemory).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
