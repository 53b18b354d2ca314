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
    /// <summary>Delivers <paramref name="message"/> to <paramref name="sink"/> (the source's one call) and settles
    /// it with the broker.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask DeliverAsync<TMessage>(ISink<TMessage> sink, TMessage message, ulong deliveryCount,
        BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter, CancellationToken cancellationToken)
        where TMessage : IAcknowledgeable
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
            await SettleFailedAsync(message, deliveryCount, problem, options, deadLetter).ConfigureAwait(false);
            if (options.OnDeliveryFailure == DeliveryFailureMode.FailFlow)
            {
                throw;
            }

            return;
        }

        if (options.Acknowledgement == AcknowledgementMode.AfterDelivery)
        {
            await message.AckAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Settles a message that could not even be read (its payload did not deserialize): handed back
    /// or dead-lettered like a failed delivery; under <see cref="DeliveryFailureMode.FailFlow"/> the sink is
    /// aborted with the problem (the source's one call) and <see langword="true"/> is returned, else the source
    /// goes on with the next message.</summary>
    public static async ValueTask<bool> RejectUnreadableAsync<T, TMessage>(ISink<T> sink, TMessage message, ulong deliveryCount,
        Exception problem, BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter)
        where TMessage : IAcknowledgeable
    {
        await SettleFailedAsync(message, deliveryCount, problem, options, deadLetter).ConfigureAwait(false);
        if (options.OnDeliveryFailure == DeliveryFailureMode.FailFlow)
        {
            await sink.AbortAsync(problem).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private static async ValueTask SettleFailedAsync<TMessage>(TMessage message, ulong deliveryCount, Exception problem,
        BrokerSourceOptions options, IDeadLetter<TMessage>? deadLetter)
        where TMessage : IAcknowledgeable
    {
        if (deadLetter is not null && options.MaxDeliveries is { } max && deliveryCount >= (ulong)max)
        {
            await deadLetter.DeadLetterAsync(message, problem, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await message.NakAsync(options.NakDelay, CancellationToken.None).ConfigureAwait(false);
    }
}
