using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Time;

/// <summary>
/// Fails a source that produces no signal within a timeout (see
/// <see cref="Source.IdleTimeout{T}(ISource{T}, TimeSpan, TimeProvider?)"/>). Only the wait for the source counts:
/// once its signal arrived, the downstream delivery may take as long as it takes.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The cancellation source has no timer and no wait handle; it holds nothing that needs disposing.")]
internal sealed class IdleTimeoutSource<T> : SourceBase<T>
{
    private const int Waiting = 0;
    private const int Arrived = 1;
    private const int TimedOut = 2;

    private readonly ISource<T> _source;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Relay _relay;
    private readonly CancellationTokenSource _abandon = new();
    private int _state;
    private TimeoutException? _problem;

    public IdleTimeoutSource(ISource<T> source, TimeSpan timeout, TimeProvider time)
    {
        _source = source;
        _timeout = timeout;
        _time = time;
        _relay = new Relay(this);
    }

    protected override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        if (_problem is not null)
        {
            return sink.AbortAsync(_problem);
        }

        var started = _time.GetTimestamp();
        _state = Waiting;
        _relay.Downstream = sink;
        _relay.Token = cancellationToken;
        var pull = _source.RunAsync(_relay, cancellationToken.CanBeCanceled ? cancellationToken : _abandon.Token);
        return pull.IsCompleted ? pull : WaitAsync(pull, sink, started);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitAsync(ValueTask pull, ISink<T> sink, long started)
    {
        var pending = pull.AsTask();
        var remaining = _timeout - _time.GetElapsedTime(started);
        try
        {
            await pending.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time).ConfigureAwait(false);
            return;
        }
        catch (TimeoutException) when (Interlocked.CompareExchange(ref _state, TimedOut, Waiting) == Waiting)
        {
            // Nothing arrived in time. The pending call is abandoned (and cancelled where we own its token);
            // a signal that still comes is refused by the relay.
            _problem = new TimeoutException($"The source produced nothing for {_timeout}.");
            await _abandon.CancelAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The signal arrived in time; only its downstream delivery is still running.
            await pending.ConfigureAwait(false);
            return;
        }

        await sink.AbortAsync(_problem).ConfigureAwait(false);
    }

    /// <summary>Marks the signal as arrived in time, or refuses it when the timeout already fired.</summary>
    private bool Arrive() => Interlocked.CompareExchange(ref _state, Arrived, Waiting) == Waiting;

    private sealed class Relay(IdleTimeoutSource<T> owner) : ISink<T>
    {
        public ISink<T>? Downstream { get; set; }

        public CancellationToken Token { get; set; }

        public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) =>
            owner.Arrive() ? Downstream!.RunAsync(item, Token) : ValueTask.FromException(Late());

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
            owner.Arrive() ? Downstream!.CompleteAsync(Token) : ValueTask.FromException(Late());

        public ValueTask AbortAsync(Exception problem) =>
            owner.Arrive() ? Downstream!.AbortAsync(problem) : ValueTask.FromException(Late());

        private TimeoutException Late() => owner._problem ?? new TimeoutException("The source signalled after its idle timeout.");
    }
}
