namespace Streamcaps.Testing;

/// <summary>
/// A sink that records every signal it gets, for tests that check what a source or a pump does. It can
/// stall deliveries (each stays in flight until <see cref="Release"/>), to test backpressure and
/// overlapping calls, and it can fail the next delivery. It records a protocol violation (a call while one
/// is in flight, a signal after the end) instead of throwing, so the test can assert on it.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ProbeSink<T> : ISink<T>
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _stalled;
    private TaskCompletionSource _delivering = NewSignal();
    private bool _inFlight;

    /// <summary>The items delivered, in order (copied with <see cref="Copy"/> when set).</summary>
    public List<T> Items { get; } = [];

    /// <summary>Calls of any kind: RunAsync, CompleteAsync and AbortAsync.</summary>
    public int Calls { get; private set; }

    /// <summary>How many times <see cref="CompleteAsync"/> was called.</summary>
    public int Completions { get; private set; }

    /// <summary>How many times <see cref="AbortAsync"/> was called.</summary>
    public int Aborts { get; private set; }

    /// <summary>The problem of the first abort.</summary>
    public Exception? Problem { get; private set; }

    /// <summary>Whether the sink was completed or aborted.</summary>
    public bool Ended => Completions + Aborts > 0;

    /// <summary>Violations of the protocol seen by this sink (overlapping calls, items after the end).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>When set, every delivery and completion stays in flight until <see cref="Release"/> is called.</summary>
    public bool Stall { get; set; }

    /// <summary>When set, the next delivery or completion faults with this exception (and is not recorded).</summary>
    public Exception? FailNext { get; set; }

    /// <summary>Copies each item with this before recording it (for lent memory).</summary>
    public Func<T, T>? Copy { get; init; }

    /// <summary>Completes when a call has reached the sink since the last <see cref="Release"/>.</summary>
    public Task Delivering
    {
        get
        {
            lock (_lock)
            {
                return _delivering.Task;
            }
        }
    }

    /// <summary>Records the item (or a violation), then stalls or fails as set.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels a stalled delivery.</param>
    /// <returns>A task that completes when the delivery is released.</returns>
    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) =>
        SignalAsync(Signal.Item, item, null, cancellationToken);

    /// <summary>Lets the stalled delivery finish.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _delivering = NewSignal();
            _stalled?.TrySetResult();
        }
    }

    /// <summary>Records the completion, then stalls or fails as set.</summary>
    /// <param name="cancellationToken">Cancels a stalled completion.</param>
    /// <returns>A task that completes when the completion is released.</returns>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        SignalAsync(Signal.Complete, default!, null, cancellationToken);

    /// <summary>Records the abort and its problem.</summary>
    /// <param name="problem">Why the flow failed.</param>
    /// <returns>A completed task.</returns>
    public ValueTask AbortAsync(Exception problem) => SignalAsync(Signal.Abort, default!, problem, default);

    private async ValueTask SignalAsync(Signal signal, T item, Exception? problem, CancellationToken cancellationToken)
    {
        Task? wait = null;
        lock (_lock)
        {
            Calls++;
            if (_inFlight)
            {
                Violations.Add($"{signal} while a call was in flight");
            }

            if (signal == Signal.Item && Ended)
            {
                Violations.Add("an item after the end");
            }

            if (signal != Signal.Abort && FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }

            switch (signal)
            {
                case Signal.Item:
                    Items.Add(Copy is null ? item : Copy(item));
                    break;
                case Signal.Complete:
                    Completions++;
                    break;
                default:
                    Aborts++;
                    Problem ??= problem;
                    break;
            }

            if (Stall && signal != Signal.Abort)
            {
                _stalled = NewSignal();
                wait = _stalled.Task;
                _inFlight = true;
            }

            _delivering.TrySetResult();
        }

        if (wait is not null)
        {
            try
            {
                await wait.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_lock)
                {
                    _inFlight = false;
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private enum Signal
    {
        Item,
        Complete,
        Abort,
    }
}
