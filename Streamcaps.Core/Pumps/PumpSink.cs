using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>
/// A pump applied to a sink (<c>pump.Into(sink)</c>): each item goes through the pump into the output. The
/// clean end flushes the pump, then completes the output; the failed end aborts the output with the same
/// problem. A pump whose flush fails (a malformed leftover) aborts the output with that failure. A pump that
/// finished by itself (<see cref="IFinitePump{TIn, TOut}"/>) ends the output at once, the same way; the input
/// after that is taken and dropped.
/// </summary>
internal sealed class PumpSink<TIn, TOut>(IPump<TIn, TOut> pump, ISink<TOut> output) : ForwardingSink<TIn, TOut>(output)
{
    private readonly IFinitePump<TIn, TOut>? _finitePump = pump as IFinitePump<TIn, TOut>;
    private bool _outputEnded;

    protected override ValueTask DeliverAsync(TIn item, CancellationToken cancellationToken) =>
        _finitePump is null ? pump.RunAsync(item, Output, cancellationToken) : DeliverToFiniteAsync(_finitePump, item, cancellationToken);

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken) =>
        _outputEnded ? default : EndOutputAsync(cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverToFiniteAsync(IFinitePump<TIn, TOut> finitePump, TIn item, CancellationToken cancellationToken)
    {
        if (_outputEnded)
        {
            return;
        }

        if (!finitePump.IsFinished)
        {
            await pump.RunAsync(item, Output, cancellationToken).ConfigureAwait(false);
        }

        if (finitePump.IsFinished)
        {
            await EndOutputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes the pump into the output and completes it; a flush that fails aborts the output.</summary>
    private async ValueTask EndOutputAsync(CancellationToken cancellationToken)
    {
        _outputEnded = true;
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
