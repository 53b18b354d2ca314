namespace Streamcaps.Tests.Support;

/// <summary>
/// A sink that records every signal it gets, for tests that check what a source or a pump does. It can
/// stall deliveries (each stays in flight until <see cref="Release"/>), to test backpressure and
/// overlapping calls, and it can fail the next delivery. It records a protocol violation (a call while one
/// is in flight, a signal after the end) instead of throwing, so the test can assert on it.
/// </summary>
public sealed class ProbeSink<T> : ISink<T>
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _stalled;
    private TaskCompletionSource _delivering = NewSignal();
    private bool _inFlight;

    public List<T> Items { get; } = [];

    /// <summary>Calls of any kind: RunAsync, CompleteAsync and AbortAsync.</summary>
    public int Calls { get; private set; }

    public int Completions { get; private set; }

    public int Aborts { get; private set; }

    public Exception? Problem { get; private set; }

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

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        SignalAsync(Signal.Complete, default!, null, cancellationToken);

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
