namespace Streamcaps.Pumps;

/// <summary>
/// A pump applied to a sink (<c>pump.Into(sink)</c>): each item goes through the pump into the output. The
/// clean end flushes the pump, then completes the output; the failed end aborts the output with the same
/// problem. A pump whose flush fails (a malformed leftover) aborts the output with that failure.
/// </summary>
internal sealed class PumpSink<TIn, TOut>(IPump<TIn, TOut> pump, ISink<TOut> output) : ForwardingSink<TIn, TOut>(output)
{
    protected override ValueTask DeliverAsync(TIn item, CancellationToken cancellationToken) =>
        pump.RunAsync(item, Output, cancellationToken);

    protected override async ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await pump.CompleteAsync(Output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            await Flow.AbortQuietlyAsync(Output, problem).ConfigureAwait(false);
            throw;
        }

        await base.OnCompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
