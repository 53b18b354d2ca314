namespace Streamcaps.Tests.Support;

/// <summary>
/// An endless source of 0, 1, 2, ... that counts what it produced and knows when it is blocked in a delivery,
/// so backpressure tests can prove a stalled sink bounds production without waiting for time to pass.
/// </summary>
public sealed class CountingSource(bool asynchronous = false) : ISource<int>
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _produced;

    /// <summary>How many items were handed to a sink so far.</summary>
    public int Produced => Volatile.Read(ref _produced);

    /// <summary>Completes once an item was handed over and its delivery has not completed yet.</summary>
    public Task Blocked
    {
        get
        {
            lock (_lock)
            {
                return _blocked.Task;
            }
        }
    }

    public async ValueTask RunAsync(ISink<int> sink, CancellationToken cancellationToken = default)
    {
        if (asynchronous)
        {
            await Task.Yield();
        }

        var item = Interlocked.Increment(ref _produced) - 1;
        var delivery = sink.RunAsync(item, cancellationToken);
        if (delivery.IsCompleted)
        {
            await delivery;
            return;
        }

        lock (_lock)
        {
            _blocked.TrySetResult();
        }

        try
        {
            await delivery;
        }
        finally
        {
            lock (_lock)
            {
                _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
