using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using Streamcaps.Brokers;
using Streamcaps.Brokers.Internal;
using Streamcaps.Brokers.Serialization;

namespace Streamcaps.Redis;

/// <summary>
/// A Redis stream read through a consumer group, as a source. Each call hands the sink one entry and, in the
/// default <see cref="Brokers.Acknowledgement.AcknowledgementMode.AfterDelivery"/>, acknowledges it (XACK) only
/// once that delivery's task completed. A faulted delivery is claimed again after
/// <see cref="BrokerSourceOptions.NakDelay"/> or, after <see cref="BrokerSourceOptions.MaxDeliveries"/>,
/// dead-lettered.
/// </summary>
/// <typeparam name="T">The payload type.</typeparam>
/// <remarks>
/// <para>Entries are read in batches of at most <see cref="BrokerSourceOptions.MaxBatch"/>; the next read starts
/// only when the batch was delivered, so a slow sink holds the reads. Where an entry comes from, in order: this
/// consumer's own unacknowledged entries (after a restart), entries handed back whose delay passed, entries a
/// dead worker held longer than <see cref="RedisStreamSourceOptions.ClaimMinIdleTime"/> (XAUTOCLAIM), new entries.</para>
/// <para>The source never completes on its own: stop it with <see cref="Stop"/> or cancel the flow. Entries read
/// but not delivered stay pending for this consumer and are delivered first on its next start, or claimed by
/// another consumer after <see cref="RedisStreamSourceOptions.ClaimMinIdleTime"/>.</para>
/// </remarks>
public sealed class RedisStreamSource<T> : ISource<RedisStreamMessage<T>>, IDisposable
{
    private const string DataField = "data";

    private readonly SourceCall<RedisStreamMessage<T>> _call;
    private readonly IDatabase _database;
    private readonly RedisStreamSourceOptions _options;
    private readonly IMessageSerializer<T> _serializer;
    private readonly TimeProvider _time;
    private readonly DeadLetter? _deadLetter;
    private readonly Queue<RedisStreamMessage<T>> _batch = new();
    private readonly List<(RedisValue Id, long Due)> _retries = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _ownPendingRead;
    private RedisValue _ownPendingAfter = "0";
    private long _nextAutoClaim;

    internal RedisStreamSource(IDatabase database, RedisStreamSourceOptions options, IMessageSerializer<T> serializer, TimeProvider time)
    {
        _call = new SourceCall<RedisStreamMessage<T>>(SignalAsync);
        _database = database;
        _options = options;
        _serializer = serializer;
        _time = time;
        _deadLetter = options.DeadLetterStreamKey is { } key ? new DeadLetter(this, key) : null;
    }

    internal string StreamKey => _options.StreamKey;

    /// <summary>Asks the source to end cleanly: a call waiting for entries, and every later call, completes the sink.</summary>
    public void Stop() => _stopping.Cancel();

    /// <inheritdoc/>
    public ValueTask RunAsync(ISink<RedisStreamMessage<T>> sink, CancellationToken cancellationToken = default) =>
        _call.RunAsync(sink, cancellationToken);

    /// <summary>Stops the source.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    internal async ValueTask AckAsync(RedisValue id) =>
        await _database.StreamAcknowledgeAsync(_options.StreamKey, _options.Group, id).ConfigureAwait(false);

    internal void Retry(RedisValue id, TimeSpan delay)
    {
        lock (_retries)
        {
            _retries.Add((id, _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency)));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SignalAsync(ISink<RedisStreamMessage<T>> sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var message = _batch.Dequeue();
            if (await Delivery.SignalAsync(sink, message, message.Unreadable, _options, _deadLetter, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Makes sure the batch holds an entry, reading and polling as needed; <see langword="false"/> once stopped.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_stopping.IsCancellationRequested)
            {
                // What the batch still holds stays pending here: claimed by another consumer after
                // ClaimMinIdleTime, or taken back first by this consumer's next start.
                return false;
            }

            if (_batch.Count > 0)
            {
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await ReadAsync().ConfigureAwait(false);
            if (_batch.Count > 0)
            {
                return true;
            }

            using var stopOrCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            try
            {
                await Task.Delay(_options.PollInterval, _time, stopOrCancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Reads the next entries. Every read of an entry counts as a delivery in the group's pending list,
    /// so with a delivery limit the entries delivered before (own pending, handed back, claimed) are taken one
    /// at a time: a worker dying on an entry then counts against that entry only, not against the rest of a
    /// batch it never got to.</summary>
    private async ValueTask ReadAsync()
    {
        var key = _options.StreamKey;
        var group = _options.Group;
        var consumer = _options.Consumer;
        var redeliveries = _options.MaxDeliveries is null ? _options.MaxBatch : 1;
        if (!_ownPendingRead)
        {
            // After the last one taken: an entry handed back stays pending here, and comes again only when due.
            var own = await _database.StreamReadGroupAsync(key, group, consumer, _ownPendingAfter, redeliveries).ConfigureAwait(false);
            if (own.Length > 0)
            {
                _ownPendingAfter = own[^1].Id;
                await AddClaimedAsync(own).ConfigureAwait(false);
                return;
            }

            _ownPendingRead = true;
        }

        if (TakeDueRetries(redeliveries) is { Length: > 0 } due)
        {
            await AddClaimedAsync(await _database.StreamClaimAsync(key, group, consumer, 0, due).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        var now = _time.GetTimestamp();
        if (now >= _nextAutoClaim)
        {
            var idle = (long)_options.ClaimMinIdleTime.TotalMilliseconds;
            var claimed = await _database.StreamAutoClaimAsync(key, group, consumer, idle, "0-0", redeliveries).ConfigureAwait(false);
            if (claimed.ClaimedEntries.Length > 0)
            {
                await AddClaimedAsync(claimed.ClaimedEntries).ConfigureAwait(false);
                return;
            }

            _nextAutoClaim = now + (long)(_options.ClaimMinIdleTime.TotalSeconds / 2 * _time.TimestampFrequency);
        }

        foreach (var entry in await _database.StreamReadGroupAsync(key, group, consumer, ">", _options.MaxBatch).ConfigureAwait(false))
        {
            Add(entry, 1);
        }
    }

    private RedisValue[] TakeDueRetries(int most)
    {
        lock (_retries)
        {
            var now = _time.GetTimestamp();
            var due = _retries.Where(r => r.Due <= now).Take(most).ToArray();
            foreach (var retry in due)
            {
                _retries.Remove(retry);
            }

            return [.. due.Select(r => r.Id)];
        }
    }

    /// <summary>Adds entries that were delivered before; their delivery count comes from the pending list.</summary>
    private async ValueTask AddClaimedAsync(StreamEntry[] entries)
    {
        foreach (var entry in entries)
        {
            if (entry.IsNull || entry.Values is null || entry.Values.Length == 0)
            {
                // Deleted from the stream while pending: nothing to deliver.
                await AckAsync(entry.Id).ConfigureAwait(false);
                continue;
            }

            var pending = await _database.StreamPendingMessagesAsync(_options.StreamKey, _options.Group, 1, _options.Consumer, entry.Id, entry.Id)
                .ConfigureAwait(false);
            Add(entry, pending.Length > 0 ? (ulong)pending[0].DeliveryCount : 1);
        }
    }

    private void Add(StreamEntry entry, ulong deliveryCount)
    {
        var raw = (byte[]?)entry[DataField] ?? [];
        T payload;
        Exception? unreadable = null;
        try
        {
            payload = _serializer.Deserialize(new ReadOnlySequence<byte>(raw));
        }
        catch (Exception problem)
        {
            payload = default!;
            unreadable = problem;
        }

        _batch.Enqueue(new RedisStreamMessage<T>(this, entry.Id, payload, raw, deliveryCount, unreadable));
    }

    /// <summary>Adds an entry that failed too often to the dead-letter stream with why, then acknowledges it.</summary>
    private sealed class DeadLetter(RedisStreamSource<T> source, string key) : IDeadLetter<RedisStreamMessage<T>>
    {
        public async ValueTask DeadLetterAsync(RedisStreamMessage<T> message, Exception problem, CancellationToken cancellationToken)
        {
            await source._database.StreamAddAsync(key,
            [
                new NameValueEntry(DataField, message.Raw),
                new NameValueEntry("error", $"{problem.GetType().FullName}: {problem.Message}"),
                new NameValueEntry("stream", source._options.StreamKey),
                new NameValueEntry("id", message.EntryId),
                new NameValueEntry("deliveries", message.DeliveryCount.ToString(CultureInfo.InvariantCulture)),
            ]).ConfigureAwait(false);
            await message.AckAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
