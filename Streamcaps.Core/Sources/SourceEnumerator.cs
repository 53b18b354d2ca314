using Streamcaps.Internal;

namespace Streamcaps.Sources;

/// <summary>
/// A source read with <c>await foreach</c>. The enumerator is the sink of a flow from the source: each item's
/// delivery is held until the next <see cref="MoveNextAsync"/>, so lent memory in <see cref="Current"/> stays
/// valid for the loop body (DESIGN rule 5) and the source runs at the loop's pace.
/// </summary>
/// <remarks>The hand-overs are <see cref="ReusableSignal"/>s: no allocation per item. Leaving the loop early
/// (<see cref="DisposeAsync"/>) fails the held delivery with <see cref="OperationCanceledException"/>, which
/// ends the flow.</remarks>
internal sealed class SourceEnumerator<T>(ISource<T> source, CancellationToken cancellationToken)
    : IAsyncEnumerator<T>, ISink<T>
{
    private readonly ReusableSignal _ready = new();
    private readonly ReusableSignal _held = new();
    private readonly Lock _lock = new();
    private Task? _flow;
    private bool _holding;
    private bool _waiting;
    private bool _ended;
    private Exception? _problem;

    public T Current { get; private set; } = default!;

    public async ValueTask<bool> MoveNextAsync()
    {
        if (_ended)
        {
            return Finish();
        }

        var ready = Arm();
        if (_flow is null)
        {
            _flow = Flow.RunAsync(source, this, cancellationToken);
        }
        else if (_holding)
        {
            _holding = false;
            Current = default!;
            _held.Set();
        }

        await ready.ConfigureAwait(false);
        if (!_ended)
        {
            return true;
        }

        // The flow finishes right after its last call on this sink: observe it so nothing is left unobserved.
        await ObserveFlowAsync().ConfigureAwait(false);
        return Finish();
    }

    public async ValueTask DisposeAsync()
    {
        if (_holding)
        {
            _holding = false;
            _held.Fail(new OperationCanceledException("The loop over the source ended before the source did."));
        }

        await ObserveFlowAsync().ConfigureAwait(false);
    }

    ValueTask ISink<T>.RunAsync(T item, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            ThrowHelper.ThrowSinkEnded();
        }

        if (_holding)
        {
            ThrowHelper.ThrowDeliveryInFlight();
        }

        Current = item;
        _holding = true;
        var held = _held.Arm();
        Wake();
        return held;
    }

    ValueTask ISink<T>.CompleteAsync(CancellationToken cancellationToken)
    {
        End(null);
        return default;
    }

    ValueTask ISink<T>.AbortAsync(Exception problem)
    {
        End(problem);
        return default;
    }

    private ValueTask Arm()
    {
        lock (_lock)
        {
            _waiting = true;
            return _ready.Arm();
        }
    }

    private void End(Exception? problem)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _problem = problem;
        }

        Wake();
    }

    private void Wake()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _ready.Set();
    }

    private bool Finish()
    {
        if (_problem is { } problem)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(problem);
        }

        return false;
    }

    private async Task ObserveFlowAsync()
    {
        if (_flow is { } flow)
        {
            try
            {
                await flow.ConfigureAwait(false);
            }
            catch (Exception problem)
            {
                // The flow faults with the problem the enumerator already reports, or with the one it was
                // ended by (a loop left early): the enumerator's own end says which.
                End(problem);
            }
        }
    }
}
