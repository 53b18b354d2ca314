using System.Runtime.ExceptionServices;

namespace Streamcaps.Internal;

/// <summary>
/// A source that reads its items from a synchronous cursor (an array, a list, an enumerator). Pulled, it
/// hands one item per call; run by <see cref="Flow"/>, it pushes every item straight into the sink with no
/// relay in between. A cursor that throws is the source's failure: the sink is aborted with it, on that
/// call and on every later one.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class CursorSource<T> : SourceBase<T>, IPushSource<T>
{
    private bool _exhausted;
    private Exception? _problem;

    /// <summary>Advances the cursor. Called until it returns <see langword="false"/> or throws, never after.</summary>
    protected abstract bool MoveNext(out T item);

    /// <summary>Releases the cursor, once, when it is exhausted or failed.</summary>
    protected virtual void Release()
    {
    }

    /// <summary>The next item, <see langword="false"/> when exhausted; throws the cursor's failure (again).
    /// A caller that catches a failure from it reports it with <see cref="Fail"/>.</summary>
    /// <remarks>No exception handling in here, so it inlines into the flow's loop.</remarks>
    internal bool TryNext(out T item)
    {
        ThrowIfFailed();
        if (!_exhausted && MoveNext(out item))
        {
            return true;
        }

        MarkExhausted();
        item = default!;
        return false;
    }

    /// <summary>Records that the cursor has no more items and releases it (once).</summary>
    protected void MarkExhausted()
    {
        if (!_exhausted)
        {
            _exhausted = true;
            Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (_problem is not null)
        {
            ExceptionDispatchInfo.Throw(_problem);
        }
    }

    /// <summary>How many items <see cref="DrainInto"/> delivers per call of <see cref="DeliverSome"/>.</summary>
    /// <remarks>The loop is a method called again and again rather than once: the JIT optimizes a method by
    /// counting its calls (tiered compilation, then the profile-guided tier), so one call running a hundred
    /// million items would stay in its first, on-stack-replaced form, and a long flow would cost more per item
    /// than a short one. A block this size makes the call itself negligible.</remarks>
    private const int BlockSize = 1024;

    /// <summary>
    /// Delivers every remaining item into <paramref name="sink"/> in a synchronous loop, under one lifecycle
    /// entry of the sink. Cancellation is checked before each item is taken, so a cancelled flow leaves the rest
    /// of the cursor untouched. A cursor that throws is recorded as the source's failure (<see cref="Fail"/>);
    /// a sink that throws leaves the cursor after the item it failed on. Either way the exception propagates.
    /// </summary>
    internal void DrainInto(SynchronousSink<T> sink, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        sink.EnterDeliveries();
        try
        {
            while (DeliverSome(sink, BlockSize, cancellationToken))
            {
            }
        }
        finally
        {
            sink.ExitDeliveries();
        }
    }

    /// <summary><see cref="DrainInto"/>'s loop: delivers up to <paramref name="count"/> items; returns
    /// <see langword="false"/> once the cursor is exhausted. A cursor that can index its items overrides it with
    /// an indexed loop that calls <see cref="MarkExhausted"/> at the end and reports a failure of its own with
    /// <see cref="Fail"/>.</summary>
    protected virtual bool DeliverSome(SynchronousSink<T> sink, int count, CancellationToken cancellationToken)
    {
        for (var delivered = 0; delivered < count; delivered++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            T item;
            try
            {
                if (!TryNext(out item))
                {
                    return false;
                }
            }
            catch (Exception problem)
            {
                Fail(problem);
                throw;
            }

            sink.Deliver(item);
        }

        return true;
    }

    /// <summary>Records the cursor's failure, so every later call signals it again, and releases the cursor.</summary>
    internal void Fail(Exception problem)
    {
        if (_problem is null)
        {
            _problem = problem;
            Release();
        }
    }

    protected sealed override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        bool hasItem;
        T item;
        try
        {
            hasItem = TryNext(out item);
        }
        catch (Exception problem)
        {
            Fail(problem);
            return sink.AbortAsync(problem);
        }

        return hasItem ? sink.RunAsync(item, cancellationToken) : sink.CompleteAsync(cancellationToken);
    }

    async Task IPushSource<T>.PushIntoAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        EnterCall();
        try
        {
            await Flow.DrainAsync(this, sink, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExitCall();
        }
    }
}
