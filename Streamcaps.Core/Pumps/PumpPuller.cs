using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>
/// Pulls a pumped source one output at a time, keeping DESIGN rules 3 and 5 however many items the pump
/// makes of one input.
/// </summary>
/// <remarks>
/// <para>A pull starts an upstream call whose item goes into the pump; the pump's output lands in the
/// <see cref="OutputPort"/>, which <em>offers</em> it and waits. The pull takes the offer, delivers it to its
/// sink, releases the port and returns: one call on the sink. The upstream call is still running (the pump
/// may have more outputs of that input), so the next pull takes the next offer, and only when the pump is
/// done with the input does the upstream call finish. That rendezvous is what lets a pump hand out slices
/// of a lent input: the upstream's delivery does not complete while any of its outputs is still out.</para>
/// <para>A pull with nothing offered and the upstream call still running waits for either. Waiting, offering
/// and releasing are <see cref="ReusableSignal"/>s and the upstream call a pooled task: no allocation per item.
/// A cancelled wait faults that pull and loses nothing; the offer stays for the next pull.</para>
/// </remarks>
internal sealed class PumpPuller<TIn, TOut>
{
    private readonly ISource<TIn> _upstream;
    private readonly IPump<TIn, TOut> _pump;
    private readonly IFinitePump<TIn, TOut>? _finitePump;
    private readonly InputSink _input;
    private readonly OutputPort _port;
    private readonly ReusableSignal _released = new();
    private readonly ReusableSignal _wake = new();
    private readonly Lock _lock = new();

    // Guarded by _lock: the port and the upstream call may run on other threads than the pull.
    private bool _hasOffer;
    private TOut _offer = default!;
    private bool _pullerWaiting;
    private bool _upstreamRunning;
    private bool _upstreamReturned;
    private ValueTask _upstreamCall;
    private CancellationToken _upstreamToken;
    private bool _ended;
    private Exception? _problem;
    private bool _releaseWhenUpstreamReturns;

    public PumpPuller(ISource<TIn> upstream, IPump<TIn, TOut> pump)
    {
        _upstream = upstream;
        _pump = pump;
        _finitePump = pump as IFinitePump<TIn, TOut>;
        _input = new InputSink(this);
        _port = new OutputPort(this);
    }

    private enum Step
    {
        Deliver,
        CollectUpstream,
        StartUpstream,
        Wait,
        End,
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask PullAsync(ISink<TOut> sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            Step step;
            TOut item = default!;
            ValueTask pending = default;
            lock (_lock)
            {
                if (_hasOffer)
                {
                    step = Step.Deliver;
                    item = _offer;
                    _offer = default!;
                    _hasOffer = false;
                }
                else if (_upstreamReturned)
                {
                    step = Step.CollectUpstream;
                    pending = _upstreamCall;
                    _upstreamCall = default;
                    _upstreamReturned = false;
                    _upstreamRunning = false;
                }
                else if (_upstreamRunning)
                {
                    step = Step.Wait;
                    pending = _wake.Arm();
                    _pullerWaiting = true;
                }
                else if (_ended)
                {
                    step = Step.End;
                }
                else
                {
                    step = Step.StartUpstream;
                    _upstreamRunning = true;
                }
            }

            switch (step)
            {
                case Step.Deliver:
                    await DeliverAsync(sink, item, cancellationToken).ConfigureAwait(false);
                    return;
                case Step.CollectUpstream:
                    await CollectUpstreamAsync(pending).ConfigureAwait(false);
                    break;
                case Step.StartUpstream:
                    _upstreamToken = cancellationToken;
                    var call = CallUpstreamAsync(cancellationToken);
                    lock (_lock)
                    {
                        _upstreamCall = call;
                    }

                    break;
                case Step.Wait:
                    await WaitAsync(pending, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await SignalEndAsync(sink, cancellationToken).ConfigureAwait(false);
                    return;
            }
        }
    }

    /// <summary>Repeats the end on every pull after it: the failure, or the clean end.</summary>
    private ValueTask SignalEndAsync(ISink<TOut> sink, CancellationToken cancellationToken) =>
        _problem is { } problem ? sink.AbortAsync(problem) : sink.CompleteAsync(cancellationToken);

    /// <summary>Hands the offer to the pull's sink, then lets the pump go on: with success, or with the
    /// sink's failure, which reaches the pump as the failure of its own delivery.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverAsync(ISink<TOut> sink, TOut item, CancellationToken cancellationToken)
    {
        try
        {
            await sink.RunAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            _released.Fail(problem);
            throw;
        }

        _released.Set();
    }

    /// <summary>Observes a finished upstream call; a failure there (the upstream or the pump threw) ends
    /// the source with that problem.</summary>
    /// <remarks>An upstream call cancelled by the token of the pull that started it is not a failure: the
    /// upstream faulted it without calling its sink (rule 3), so nothing was taken and the next pull simply
    /// calls again. Had the cancellation hit the pump mid-item, the input sink was aborted (rule 6), which
    /// ended the source already.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CollectUpstreamAsync(ValueTask call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_upstreamToken.IsCancellationRequested)
        {
        }
        catch (Exception problem)
        {
            End(problem);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitAsync(ValueTask wake, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PumpPuller<TIn, TOut>)state!).CancelWait(token), this)
            : default;
        await wake.ConfigureAwait(false);
    }

    private void CancelWait(CancellationToken token)
    {
        lock (_lock)
        {
            if (!_pullerWaiting)
            {
                return;
            }

            _pullerWaiting = false;
        }

        _wake.Fail(new OperationCanceledException(token));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CallUpstreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_finitePump is { IsFinished: true })
            {
                // The pump wants no more input: flush it as if the input had ended, never pull again, and let an
                // upstream that holds a file or stream release it now rather than at the finalizer.
                await _input.CompleteAsync(cancellationToken).ConfigureAwait(false);
                await ReleaseAsync(_upstream).ConfigureAwait(false);
            }
            else
            {
                await _upstream.RunAsync(_input, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            bool wake;
            bool release;
            lock (_lock)
            {
                _upstreamReturned = true;
                wake = TakeWaitingPuller();
                release = _releaseWhenUpstreamReturns;
            }

            if (wake)
            {
                _wake.Set();
            }

            if (release)
            {
                await ReleaseAsync(_upstream).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The flow reading this stopped: releases the upstream (see <see cref="IReleasableSource"/>), at once,
    /// or when its running call returned, since a source is never released in the middle of a call.</summary>
    public ValueTask ReleaseUpstreamAsync()
    {
        lock (_lock)
        {
            if (_upstreamRunning && !_upstreamReturned)
            {
                _releaseWhenUpstreamReturns = true;
                return default;
            }
        }

        return ReleaseAsync(_upstream);
    }

    /// <summary>Releases <paramref name="source"/> if it holds resources of its own.</summary>
    public static ValueTask ReleaseAsync(ISource<TIn> source) =>
        source is IReleasableSource releasable ? releasable.ReleaseAsync() : default;

    private ValueTask Offer(TOut item)
    {
        ValueTask released;
        bool wake;
        lock (_lock)
        {
            if (_hasOffer)
            {
                ThrowHelper.ThrowDeliveryInFlight();
            }

            _hasOffer = true;
            _offer = item;
            released = _released.Arm();
            wake = TakeWaitingPuller();
        }

        if (wake)
        {
            _wake.Set();
        }

        return released;
    }

    private bool TakeWaitingPuller()
    {
        var waiting = _pullerWaiting;
        _pullerWaiting = false;
        return waiting;
    }

    private void End(Exception? problem)
    {
        lock (_lock)
        {
            if (!_ended)
            {
                _ended = true;
                _problem = problem;
            }
        }
    }

    /// <summary>Takes the upstream's signal: an item goes into the pump, the end flushes it.</summary>
    private sealed class InputSink(PumpPuller<TIn, TOut> owner) : SinkBase<TIn>
    {
        protected override ValueTask DeliverAsync(TIn item, CancellationToken cancellationToken) =>
            owner._pump.RunAsync(item, owner._port, cancellationToken);

        protected override async ValueTask OnCompleteAsync(CancellationToken cancellationToken)
        {
            try
            {
                await owner._pump.CompleteAsync(owner._port, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception problem)
            {
                owner.End(problem);
                throw;
            }

            owner.End(null);
        }

        protected override ValueTask OnAbortAsync(Exception problem)
        {
            owner.End(problem);
            return default;
        }
    }

    /// <summary>The pump's output: each item is offered to the next pull, and its delivery completes when
    /// that pull's sink took it.</summary>
    private sealed class OutputPort(PumpPuller<TIn, TOut> owner) : ISink<TOut>
    {
        public ValueTask RunAsync(TOut item, CancellationToken cancellationToken = default) => owner.Offer(item);

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            ThrowHelper.ThrowPumpEndedOutput();
            return default;
        }

        public ValueTask AbortAsync(Exception problem)
        {
            ThrowHelper.ThrowPumpEndedOutput();
            return default;
        }
    }
}
