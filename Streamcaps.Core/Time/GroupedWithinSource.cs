using Streamcaps.Internal;

namespace Streamcaps.Time;

/// <summary>
/// Batches a source's items by count and by time window (Akka's <c>groupedWithin</c>; see
/// <see cref="Source.GroupedWithin{T}(ISource{T}, int, TimeSpan, TimeProvider?)"/>).
/// </summary>
/// <remarks>
/// The window opens with the first item of a batch. While the batch is not full, a pull that is still pending
/// when the window closes stays pending: the batch goes downstream without it, and its item opens the next
/// batch. Items arrive in a one-item slot, not in the batch, so the batch handed downstream is never written
/// to while it is lent out; two arrays alternate, so batching allocates nothing per batch.
/// </remarks>
internal sealed class GroupedWithinSource<T> : SourceBase<ReadOnlyMemory<T>>
{
    private readonly ISource<T> _source;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Collector _collector = new();
    private T[] _batch;
    private T[] _spare;
    private int _count;
    private long _windowStart;
    private Task? _pendingPull;

    public GroupedWithinSource(ISource<T> source, int maxCount, TimeSpan window, TimeProvider time)
    {
        _source = source;
        _window = window;
        _time = time;
        _batch = new T[maxCount];
        _spare = new T[maxCount];
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask SignalAsync(ISink<ReadOnlyMemory<T>> sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_count == _batch.Length || (_count > 0 && _collector.HasEnded))
            {
                await DeliverBatchAsync(sink, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_collector.HasEnded)
            {
                if (_collector.Problem is { } problem)
                {
                    await sink.AbortAsync(problem).ConfigureAwait(false);
                }
                else
                {
                    await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (_pendingPull is null)
            {
                var pull = _source.RunAsync(_collector, cancellationToken);
                if (pull.IsCompleted)
                {
                    await pull.ConfigureAwait(false);
                    Take();
                    continue;
                }

                _pendingPull = pull.AsTask();
            }

            if (_count == 0)
            {
                // An empty batch has no window yet: it opens with the next item.
                await TakePendingAsync().ConfigureAwait(false);
                continue;
            }

            var remaining = _window - _time.GetElapsedTime(_windowStart);
            if (remaining > TimeSpan.Zero)
            {
                using var windowClosed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var closing = Task.Delay(remaining, _time, windowClosed.Token);
                var first = await Task.WhenAny(_pendingPull, closing).ConfigureAwait(false);
                await windowClosed.CancelAsync().ConfigureAwait(false);
                if (first == _pendingPull)
                {
                    await TakePendingAsync().ConfigureAwait(false);
                    continue;
                }

                await closing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }

            await DeliverBatchAsync(sink, cancellationToken).ConfigureAwait(false);
            return;
        }
    }

    private async ValueTask TakePendingAsync()
    {
        var pull = _pendingPull!;
        _pendingPull = null;
        await pull.ConfigureAwait(false);
        Take();
    }

    /// <summary>Moves the item that arrived in the collector's slot into the batch.</summary>
    private void Take()
    {
        if (_collector.TryTake(out var item))
        {
            if (_count == 0)
            {
                _windowStart = _time.GetTimestamp();
            }

            _batch[_count++] = item;
        }
    }

    private async ValueTask DeliverBatchAsync(ISink<ReadOnlyMemory<T>> sink, CancellationToken cancellationToken)
    {
        var full = _batch;
        var count = _count;
        (_batch, _spare) = (_spare, _batch);
        _count = 0;
        try
        {
            await sink.RunAsync(full.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The batch was lent until now; drop the references it holds so the items can be collected.
            Array.Clear(full, 0, count);
        }
    }

    /// <summary>Receives the wrapped source's signal into a one-item slot; every delivery completes at once.</summary>
    private sealed class Collector : ISink<T>
    {
        private T _item = default!;
        private bool _hasItem;

        public bool HasEnded { get; private set; }

        public Exception? Problem { get; private set; }

        public bool TryTake(out T item)
        {
            item = _item;
            _item = default!;
            var had = _hasItem;
            _hasItem = false;
            return had;
        }

        public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
        {
            _item = item;
            _hasItem = true;
            return default;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            HasEnded = true;
            return default;
        }

        public ValueTask AbortAsync(Exception problem)
        {
            ArgumentNullException.ThrowIfNull(problem);
            Problem = problem;
            HasEnded = true;
            return default;
        }
    }
}
