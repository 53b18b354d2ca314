using System.Runtime.CompilerServices;
using Streamcaps.Brokers.Acknowledgement;

namespace Streamcaps.Brokers.Internal;

/// <summary>Moves a message out of the way for good: the connector's dead-letter destination.</summary>
internal interface IDeadLetter<in TMessage>
{
    /// <summary>Stores <paramref name="message"/> with <paramref name="problem"/> at the dead-letter destination
    /// and acknowledges it there, so it is never delivered again.</summary>
    ValueTask DeadLetterAsync(TMessage message, Exception problem, CancellationToken cancellationToken);
}

/// <summary>Ack-after-delivery, written once for every broker source: deliver, then acknowledge; on a fault,
/// hand the message back or dead-letter it, then fail the flow or go on as the options say.</summary>
internal static class Delivery
{
    /// <summary>
    /// What a broker source does with a message it received: dead-letters it undelivered when its workers kept
    /// dying on it (<see cref="IsExhausted"/>), settles it when its payload was <paramref name="unreadable"/>,
    /// and otherwise delivers it to <paramref name="sink"/> and settles it with the broker.
    /// </summary>
    /// <returns><see langword="true"/> when the sink got the source's one call (the delivery, or the abort of a
    /// flow that fails on an unreadable payload); <see langword="false"/> when the message was settled without
    /// one, and the source goes on with its next message.</returns>
    public static ValueTask<bool> SignalAsync<TMessage>(ISink<TMessage> sink, TMessage message, Exception? unreadable,
        BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter, CancellationToken cancellationToken)
        where TMessage : IBrokerMessage
    {
        if (IsExhausted(message, options, deadLetter))
        {
            return DeadLetterExhaustedAsync(message, options, deadLetter!);
        }

        return unreadable is not null
            ? RejectUnreadableAsync(sink, message, unreadable, options, deadLetter)
            : DeliverAsync(sink, message, options, deadLetter, cancellationToken);
    }

    /// <summary>Delivers <paramref name="message"/> to <paramref name="sink"/> (the source's one call) and settles
    /// it with the broker. Always <see langword="true"/>: the sink got its call.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> DeliverAsync<TMessage>(ISink<TMessage> sink, TMessage message,
        BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter, CancellationToken cancellationToken)
        where TMessage : IBrokerMessage
    {
        try
        {
            await sink.RunAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop, not a failure of the message: hand it back at once for another worker.
            await message.NakAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception problem)
        {
            await SettleFailedAsync(message, problem, options, deadLetter).ConfigureAwait(false);
            if (options.OnDeliveryFailure == DeliveryFailureMode.FailFlow)
            {
                throw;
            }

            return true;
        }

        if (options.Acknowledgement == AcknowledgementMode.AfterDelivery)
        {
            await message.AckAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Settles a message that could not even be read (its payload did not deserialize). With a
    /// dead-letter destination it goes there at once, as no retry makes the bytes readable, and the source goes
    /// on (<see langword="false"/>): the flow did not fail, the input was bad. Without one it is handed back like
    /// a failed delivery; under <see cref="DeliveryFailureMode.FailFlow"/> the sink is then aborted with the
    /// problem (the source's one call) and <see langword="true"/> is returned, else the source goes on.</summary>
    private static async ValueTask<bool> RejectUnreadableAsync<TMessage>(ISink<TMessage> sink, TMessage message,
        Exception problem, BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter)
        where TMessage : IBrokerMessage
    {
        if (deadLetter is not null)
        {
            await deadLetter.DeadLetterAsync(message, problem, CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        await message.NakAsync(options.NakDelay, CancellationToken.None).ConfigureAwait(false);
        if (options.OnDeliveryFailure == DeliveryFailureMode.FailFlow)
        {
            await sink.AbortAsync(problem).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="message"/> was handed out more than <see cref="BrokerSourceOptions.MaxDeliveries"/>
    /// times: none of those deliveries finished (a delivery that failed was settled, so only workers that died
    /// mid-message or outlived the acknowledgement wait leave a message to come back this often). Such a message
    /// is dead-lettered with <see cref="DeadLetterExhaustedAsync"/> instead of delivered, so a payload that kills
    /// its worker does not kill every worker in turn. Reads the delivery count only when a limit is set.</summary>
    private static bool IsExhausted<TMessage>(TMessage message, BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter)
        where TMessage : IBrokerMessage =>
        deadLetter is not null && options.MaxDeliveries is { } max && message.DeliveryCount > (ulong)max;

    /// <summary>Dead-letters a message <see cref="IsExhausted"/> found, with a <see cref="DeliveryLimitExceededException"/>
    /// as the reason. The flow goes on (<see langword="false"/>): the message failed elsewhere, not in this delivery.</summary>
    private static async ValueTask<bool> DeadLetterExhaustedAsync<TMessage>(TMessage message, BrokerSourceOptions options, IDeadLetter<TMessage> deadLetter)
        where TMessage : IBrokerMessage
    {
        await deadLetter.DeadLetterAsync(message, new DeliveryLimitExceededException(message.DeliveryCount, options.MaxDeliveries ?? 0),
            CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    private static async ValueTask SettleFailedAsync<TMessage>(TMessage message, Exception problem,
        BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter)
        where TMessage : IBrokerMessage
    {
        if (deadLetter is not null && options.MaxDeliveries is { } max && message.DeliveryCount >= (ulong)max)
        {
            await deadLetter.DeadLetterAsync(message, problem, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await message.NakAsync(options.NakDelay, CancellationToken.None).ConfigureAwait(false);
    }
}
