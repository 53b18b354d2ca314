using System.Threading.Channels;

namespace Streamcaps.Connectors.Tests.Conformance;

/// <summary>A sink for the connector tests: records what it received, lets the test hold each delivery open or
/// fail it, and signals each arrival so tests wait for events instead of sleeping.</summary>
internal sealed class RecordingSink<T> : ISink<T>
{
    private readonly Func<T, Task>? _deliver;
    private readonly List<T> _items = [];
    private readonly Channel<T> _arrivals = Channel.CreateUnbounded<T>();

    /// <param name="deliver">What a delivery does before it completes (await a gate, throw); none: completes at once.</param>
    public RecordingSink(Func<T, Task>? deliver = null) => _deliver = deliver;

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public int Completions { get; private set; }

    public Exception? AbortedWith { get; private set; }

    /// <summary>Waits for the next item to arrive (before its delivery completes).</summary>
    public async Task<T> NextArrivalAsync(TimeSpan timeout) => await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    public async ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        lock (_items)
        {
            _items.Add(item);
        }

        _arrivals.Writer.TryWrite(item);
        if (_deliver is not null)
        {
            await _deliver(item).WaitAsync(cancellationToken);
        }
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        Completions++;
        return default;
    }

    public ValueTask AbortAsync(Exception problem)
    {
        AbortedWith = problem;
        return default;
    }
}
