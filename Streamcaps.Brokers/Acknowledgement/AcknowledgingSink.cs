using Streamcaps.Internal;

namespace Streamcaps.Brokers.Acknowledgement;

/// <summary>
/// Keeps ack-after-delivery across a stage that buffers. <c>Pump.Batch</c>, <c>GroupedWithin</c> and buffers
/// finish an item's delivery when they <em>hold</em> it, so a source in <see cref="AcknowledgementMode.AfterDelivery"/>
/// would acknowledge messages that are not done yet. Put the source in <see cref="AcknowledgementMode.Manual"/>
/// and end the flow with <see cref="ForBatches{TMessage}"/>: each message of a batch is acknowledged when the
/// batch's delivery completed, and handed back (nak) when it faulted.
/// </summary>
/// <example>
/// <code>
/// await Flow.RunAsync(source.Through(Pump.Batch&lt;JetStreamMessage&lt;Order&gt;&gt;(100)),
///     AcknowledgingSink.ForBatches(ordersTable));   // acked only once the 100 rows were written
/// </code>
/// </example>
public static class AcknowledgingSink
{
    /// <summary>The delay a faulted batch's messages are handed back with unless told otherwise: 1 second.</summary>
    public static readonly TimeSpan DefaultNakDelay = TimeSpan.FromSeconds(1);

    /// <summary>A sink that delivers each batch to <paramref name="inner"/> and then acknowledges every message in
    /// it; when the inner delivery faults, every message of the batch is handed back with
    /// <paramref name="nakDelay"/> (default <see cref="DefaultNakDelay"/>) and the delivery faults with the inner
    /// problem. Completing or aborting it completes or aborts <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public static ISink<ReadOnlyMemory<TMessage>> ForBatches<TMessage>(ISink<ReadOnlyMemory<TMessage>> inner, TimeSpan? nakDelay = null)
        where TMessage : IAcknowledgeable
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new BatchAcknowledgingSink<TMessage>(inner, nakDelay ?? DefaultNakDelay);
    }

    private sealed class BatchAcknowledgingSink<TMessage>(ISink<ReadOnlyMemory<TMessage>> inner, TimeSpan nakDelay)
        : SinkBase<ReadOnlyMemory<TMessage>>
        where TMessage : IAcknowledgeable
    {
        protected override async ValueTask DeliverAsync(ReadOnlyMemory<TMessage> batch, CancellationToken cancellationToken)
        {
            try
            {
                await inner.RunAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    await batch.Span[i].NakAsync(nakDelay, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }

            for (var i = 0; i < batch.Length; i++)
            {
                await batch.Span[i].AckAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

        protected override ValueTask OnAbortAsync(Exception problem) => inner.AbortAsync(problem);
    }
}
