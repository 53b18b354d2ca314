using System.Buffers;
using System.Runtime.CompilerServices;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Internal;
using Streamcaps.Nats.Internal;

namespace Streamcaps.Nats.JetStream;

/// <summary>
/// Publishes each item to a JetStream subject. A delivery completes when the stream acknowledged the item
/// (its PubAck arrived), so a source that acknowledges after delivery is acknowledged only for stored items.
/// With <see cref="JetStreamSinkOptions{T}.MaxPublishesInFlight"/> above 1 the publishes are pipelined: see
/// that option for the exact rules.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>Failures fault the delivery: <see cref="JetStreamNoStreamException"/> (nothing captures the subject),
/// <see cref="TimeoutException"/> (no PubAck within <see cref="JetStreamSinkOptions{T}.PublishTimeout"/>: the
/// cluster is unavailable or has no leader for the stream), NATS.Net's <c>NatsJSApiException</c> (the stream
/// refused the message). With message ids, a duplicate the stream dropped is a success.
/// Create it with <see cref="JetStreamConnector.CreateSink{T}"/>.</remarks>
public sealed class JetStreamSink<T> : ISink<T>
{
    private static readonly NatsSerializer<ReadOnlyMemory<byte>> Raw = new(MessageSerializer.Raw);

    private readonly Publisher _publisher;

    internal JetStreamSink(INatsJSContext context, JetStreamSinkOptions<T> options, IMessageSerializer<T> serializer) =>
        _publisher = new Publisher(context, options, serializer);

    /// <inheritdoc/>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) => _publisher.RunAsync(item, cancellationToken);

    /// <inheritdoc/>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => _publisher.CompleteAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask AbortAsync(Exception problem) => _publisher.AbortAsync(problem);

    private sealed class Publisher(INatsJSContext context, JetStreamSinkOptions<T> options, IMessageSerializer<T> serializer)
        : SinkBase<T>
    {
        private readonly NatsSerializer<T> _serializer = new(serializer);
        private readonly Slot[] _window = CreateWindow(options.MaxPublishesInFlight);
        private int _oldest;
        private int _count;
        private Exception? _failure;

        protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken)
        {
            if (_failure is { } failure)
            {
                return ValueTask.FromException(failure);
            }

            return _window.Length == 1 ? PublishOneAsync(item, cancellationToken) : EnterWindowAsync(item, cancellationToken);
        }

        protected override async ValueTask OnCompleteAsync(CancellationToken cancellationToken)
        {
            while (_count > 0)
            {
                await SettleOldestAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_failure is { } failure)
            {
                throw failure;
            }
        }

        protected override async ValueTask OnAbortAsync(Exception problem)
        {
            // Observe what is still in flight; those items count as not published.
            while (_count > 0)
            {
                var slot = _window[_oldest];
                _oldest = (_oldest + 1) % _window.Length;
                _count--;
                try
                {
                    await slot.Ack.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Dropped with the failed end, as the contract allows.
                }
            }
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask PublishOneAsync(T item, CancellationToken cancellationToken)
        {
            await AwaitAckAsync(context.PublishAsync(options.Subject, item, _serializer, PublishOptions(item), cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            await AfterPublishAsync(item, cancellationToken).ConfigureAwait(false);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask EnterWindowAsync(T item, CancellationToken cancellationToken)
        {
            if (_count == _window.Length)
            {
                await SettleOldestAsync(cancellationToken).ConfigureAwait(false);
            }

            // The item is serialized now, into the slot's own buffer, so lent memory is free once this returns.
            var slot = _window[(_oldest + _count) % _window.Length];
            slot.Payload.ResetWrittenCount();
            serializer.Serialize(slot.Payload, item);
            slot.Item = item;
#pragma warning disable CA2012 // Kept in the window and awaited exactly once, by SettleOldestAsync or OnAbortAsync.
            slot.Ack = context.PublishAsync(options.Subject, slot.Payload.WrittenMemory, Raw, PublishOptions(item), cancellationToken: CancellationToken.None);
#pragma warning restore CA2012
            _count++;
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask SettleOldestAsync(CancellationToken cancellationToken)
        {
            var slot = _window[_oldest];
            _oldest = (_oldest + 1) % _window.Length;
            _count--;
            try
            {
                await AwaitAckAsync(slot.Ack).ConfigureAwait(false);
                await AfterPublishAsync(slot.Item!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                _failure ??= failure;
                throw;
            }
            finally
            {
                slot.Item = default;
            }
        }

        private ValueTask AfterPublishAsync(T item, CancellationToken cancellationToken) =>
            options.Published is { } published ? published(item, cancellationToken) : default;

        /// <summary>Awaits a PubAck and turns what can go wrong into a clear error. A duplicate that the stream
        /// dropped is a success: the message is stored.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask AwaitAckAsync(ValueTask<PubAckResponse> pending)
        {
            PubAckResponse ack;
            try
            {
                ack = await pending.ConfigureAwait(false);
            }
            catch (NatsJSPublishNoResponseException noResponse)
            {
                throw await PublishFailure.ExplainSilenceAsync(context, options.Subject, options.PublishTimeout, noResponse).ConfigureAwait(false);
            }

            if (ack.Error is { } error)
            {
                throw new NatsJSApiException(error);
            }
        }

        private NatsJSPubOpts? PublishOptions(T item) =>
            options.MessageId?.Invoke(item) is { } id ? new NatsJSPubOpts { MsgId = id } : null;

        private static Slot[] CreateWindow(int size)
        {
            var window = new Slot[size];
            for (var i = 0; i < size; i++)
            {
                window[i] = new Slot();
            }

            return window;
        }

        private sealed class Slot
        {
            public ArrayBufferWriter<byte> Payload { get; } = new();

            public T? Item { get; set; }

            public ValueTask<PubAckResponse> Ack { get; set; }
        }
    }
}
