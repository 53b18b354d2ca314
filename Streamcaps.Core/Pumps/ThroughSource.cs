using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>
/// A pump applied to a source (<c>source.Through(pump)</c>). Run by <see cref="Flow"/>, it is the upstream's
/// flow into <c>pump.Into(sink)</c>: nothing is handed over between calls. Pulled one call at a time (by
/// <c>await foreach</c>, or a caller that is not <see cref="Flow"/>), a <see cref="PumpPuller{TIn, TOut}"/>
/// keeps the source's rules however many items the pump makes of one input. A pump that can finish early
/// (an <see cref="IFinitePump{TIn, TOut}"/>) is always pulled, so the upstream is not drained after it finished.
/// </summary>
internal sealed class ThroughSource<TIn, TOut>(ISource<TIn> upstream, IPump<TIn, TOut> pump)
    : SourceBase<TOut>, IPushSource<TOut>, IPumpedSource<TOut>, IReleasableSource
{
    private PumpPuller<TIn, TOut>? _puller;
    private bool _pushed;
    private Exception? _pushProblem;

    protected override ValueTask SignalAsync(ISink<TOut> sink, CancellationToken cancellationToken)
    {
        if (_pushed)
        {
            // A pushed flow drained the upstream: later calls repeat its end.
            return _pushProblem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_pushProblem);
        }

        _puller ??= new PumpPuller<TIn, TOut>(upstream, pump);
        return _puller.PullAsync(sink, cancellationToken);
    }

    /// <remarks>Only a source never called can fuse: its upstream and pump are then still untouched.</remarks>
    public ISource<TNext>? TryFuse<TNext>(IPump<TOut, TNext> next) =>
        _puller is null && !_pushed ? upstream.Through(pump.Then(next)) : null;

    /// <summary>Passes the release on to the upstream: once its running call returned, when pulled.</summary>
    ValueTask IReleasableSource.ReleaseAsync() =>
        _puller is { } puller ? puller.ReleaseUpstreamAsync() : PumpPuller<TIn, TOut>.ReleaseAsync(upstream);

    Task IPushSource<TOut>.PushIntoAsync(ISink<TOut> sink, CancellationToken cancellationToken) =>
        _puller is null && !_pushed && pump is not IFinitePump<TIn, TOut>
            ? PushAsync(sink, cancellationToken)
            : Flow.PullAsync(this, sink, cancellationToken);

    private async Task PushAsync(ISink<TOut> sink, CancellationToken cancellationToken)
    {
        EnterCall();
        try
        {
            await Flow.RunAsync(upstream, pump.Into(sink), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            _pushProblem = problem;
            throw;
        }
        finally
        {
            _pushed = true;
            ExitCall();
        }
    }
}
