using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Streamcaps.Brokers;
using Streamcaps.Brokers.Internal;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.Internal;

namespace Streamcaps.Nats.JetStream;

/// <summary>
/// A JetStream pull consumer as a source. Each call hands the sink one message and, in the default
/// <see cref="Brokers.Acknowledgement.AcknowledgementMode.AfterDelivery"/>, acknowledges it only once that
/// delivery's task completed, so a message is done only when the next stage has taken it. A faulted delivery
/// is handed back (nak with <see cref="BrokerSourceOptions.NakDelay"/>) or, after
/// <see cref="BrokerSourceOptions.MaxDeliveries"/>, dead-lettered.
/// </summary>
/// <typeparam name="T">The payload type.</typeparam>
/// <remarks>
/// <para>Messages are fetched in batches of at most <see cref="BrokerSourceOptions.MaxBatch"/>, and the next
/// fetch starts only when every message of the previous one was delivered: a slow sink holds the fetch, and the
/// source never holds more than one batch unacknowledged.</para>
/// <para>The source never completes on its own (a stream has no end): stop it with <see cref="Stop"/> (the next
/// call completes the sink; messages fetched but not delivered are handed back at once) or cancel the flow (the
/// message in flight is handed back). Several processes on one durable consumer share its messages.</para>
/// <para>Create it with <see cref="JetStreamConnector.CreateSourceAsync{T}"/>; dispose it to release its fetch.</para>
/// </remarks>
public sealed class JetStreamSource<T> : ISource<JetStreamMessage<T>>, IAsyncDisposable
{
    private readonly SourceCall<JetStreamMessage<T>> _call;
    private readonly INatsJSContext _context;
    private readonly INatsJSConsumer _consumer;
    private readonly JetStreamSourceOptions _options;
    private readonly IMessageSerializer<T> _serializer;
    private readonly NatsSerializer<T> _natsSerializer;
    private readonly NatsJSFetchOpts _fetchOptions;
    private readonly NatsJSFetchOpts _fetchOneOptions;
    private readonly DeadLetter? _deadLetter;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private IAsyncEnumerator<INatsJSMsg<T>>? _fetch;
    private Task<bool>? _pendingMove;

    /// <summary>Whether the next fetch asks for one message: with a delivery limit, at the start and after a
    /// redelivered message, so that a worker dying on a message counts one more delivery of that message only
    /// (the server counts every message of a fetch as delivered). A first delivery goes back to full batches.</summary>
    private bool _fetchOne;

    internal JetStreamSource(INatsJSContext context, INatsJSConsumer consumer, JetStreamSourceOptions options, IMessageSerializer<T> serializer)
    {
        _call = new SourceCall<JetStreamMessage<T>>(SignalAsync);
        _context = context;
        _consumer = consumer;
        _options = options;
        _serializer = serializer;
        _natsSerializer = new NatsSerializer<T>(serializer);
        _fetchOptions = new NatsJSFetchOpts { MaxMsgs = options.MaxBatch, Expires = options.FetchExpiry };
        _fetchOneOptions = new NatsJSFetchOpts { MaxMsgs = 1, Expires = options.FetchExpiry };
        _fetchOne = options.MaxDeliveries is not null;
        _deadLetter = options.DeadLetterSubject is { } subject ? new DeadLetter(this, subject) : null;
    }

    /// <summary>The consumer's name on the server (generated for an ephemeral consumer).</summary>
    public string ConsumerName => _consumer.Info.Name;

    /// <summary>Asks the source to end cleanly: a call waiting for messages, and every later call, completes the
    /// sink; messages already fetched but not delivered are handed back at once for other processes. The
    /// delivery in flight, if any, finishes and is acknowledged as usual.</summary>
    public void Stop() => _stopping.Cancel();

    /// <inheritdoc/>
    public ValueTask RunAsync(ISink<JetStreamMessage<T>> sink, CancellationToken cancellationToken = default) =>
        _call.RunAsync(sink, cancellationToken);

    /// <summary>Releases the fetch in progress. Messages fetched but not delivered are handed back.</summary>
    /// <remarks>Do not dispose while a call is in flight: stop or cancel the flow first.</remarks>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await HandBackFetchedAsync().ConfigureAwait(false);
        await _abandon.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _abandon.Dispose();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SignalAsync(ISink<JetStreamMessage<T>> sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await NextAsync(cancellationToken).ConfigureAwait(false) is not { } next)
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var message = new JetStreamMessage<T>(next, next.Data!);
            // NATS.Net wraps the serializer's own exception: the dead letter records the serializer's.
            var unreadable = message.Unreadable?.InnerException ?? message.Unreadable;
            if (await Delivery.SignalAsync(sink, message, unreadable, _options, _deadLetter, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>The next message, fetching a new batch when the last one is used up; <see langword="null"/> once
    /// the source was stopped.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<INatsJSMsg<T>?> NextAsync(CancellationToken cancellationToken)
    {
        while (!_stopping.IsCancellationRequested)
        {
            _fetch ??= _consumer.FetchAsync(_fetchOne ? _fetchOneOptions : _fetchOptions, _natsSerializer, _abandon.Token)
                .GetAsyncEnumerator(_abandon.Token);
            var moved = _pendingMove is { } pending ? new ValueTask<bool>(pending) : _fetch.MoveNextAsync();
            _pendingMove = null;
            bool hasMessage;
            if (moved.IsCompleted)
            {
                hasMessage = moved.GetAwaiter().GetResult();
            }
            else
            {
                var waiting = moved.AsTask();
                using var stopOrCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
                try
                {
                    hasMessage = await waiting.WaitAsync(stopOrCancel.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopOrCancel.IsCancellationRequested)
                {
                    // The fetch goes on: a message it brings is the next call's, or is handed back by the stop.
                    _pendingMove = waiting;
                    cancellationToken.ThrowIfCancellationRequested();
                    break;
                }
            }

            if (hasMessage)
            {
                var current = _fetch.Current;
                if (_options.MaxDeliveries is not null)
                {
                    _fetchOne = current.Metadata?.NumDelivered > 1;
                }

                return current;
            }

            await _fetch.DisposeAsync().ConfigureAwait(false);
            _fetch = null;
        }

        await HandBackFetchedAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Hands back what the current fetch still brings (it ends within <see cref="JetStreamSourceOptions.FetchExpiry"/>),
    /// so another process gets those messages now rather than after AckWait.</summary>
    private async ValueTask HandBackFetchedAsync()
    {
        if (_fetch is not { } fetch)
        {
            return;
        }

        _fetch = null;
        var pending = _pendingMove;
        _pendingMove = null;
        try
        {
            using var bound = new CancellationTokenSource(_options.FetchExpiry + _options.FetchExpiry);
            while (await (pending ?? fetch.MoveNextAsync().AsTask()).WaitAsync(bound.Token).ConfigureAwait(false))
            {
                pending = null;
                // Delayed past the end of this fetch, which would otherwise take the message straight back.
                await fetch.Current.NakAsync(new AckOpts { NakDelay = _options.FetchExpiry }, CancellationToken.None).ConfigureAwait(false);
            }

            await fetch.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ended) when (ended is OperationCanceledException or NatsException or InvalidOperationException)
        {
            // The connection is gone or the fetch outlived its bound: abandon it; the server redelivers what it
            // held after AckWait, so nothing is lost.
            await _abandon.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Publishes a message that failed too often to <see cref="JetStreamSourceOptions.DeadLetterSubject"/>
    /// with why, then terminates the original.</summary>
    private sealed class DeadLetter(JetStreamSource<T> source, string subject) : IDeadLetter<JetStreamMessage<T>>
    {
        private static readonly NatsSerializer<ReadOnlyMemory<byte>> Raw = new(MessageSerializer.Raw);

        public async ValueTask DeadLetterAsync(JetStreamMessage<T> message, Exception problem, CancellationToken cancellationToken)
        {
            ReadOnlyMemory<byte> payload;
            if (message.Unreadable is { } unreadable)
            {
                payload = unreadable.RawData;
            }
            else
            {
                var buffer = new ArrayBufferWriter<byte>();
                source._serializer.Serialize(buffer, message.Payload);
                payload = buffer.WrittenMemory;
            }

            var headers = new NatsHeaders
            {
                ["Streamcaps-Error"] = $"{problem.GetType().FullName}: {problem.Message}",
                ["Streamcaps-Subject"] = message.Subject,
                ["Streamcaps-Stream-Sequence"] = message.StreamSequence.ToString(CultureInfo.InvariantCulture),
                ["Streamcaps-Deliveries"] = message.DeliveryCount.ToString(CultureInfo.InvariantCulture),
            };
            var ack = await source._context.PublishAsync(subject, payload, Raw, headers: headers, cancellationToken: cancellationToken).ConfigureAwait(false);
            ack.EnsureSuccess();
            await message.TerminateAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
