using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Streamcaps.Internal;

namespace Streamcaps.Pipes;

/// <summary>The reader's end of a buffered pipe: one buffered item per call, waiting when the buffer is
/// empty; the writer's end once it is drained.</summary>
internal sealed class PipeSource<TItem, TStored, TStore>(ChannelReader<TStored> reader, PipeState state)
    : SourceBase<TItem>
    where TStore : struct, IItemStore<TItem, TStored>
{
    protected override ValueTask SignalAsync(ISink<TItem> sink, CancellationToken cancellationToken)
    {
        if (reader.TryRead(out var stored))
        {
            return DeliverAsync(sink, stored, cancellationToken);
        }

        return reader.Completion.IsCompleted
            ? SignalEndAsync(sink, cancellationToken)
            : WaitAsync(sink, cancellationToken);
    }

    private static ValueTask DeliverAsync(ISink<TItem> sink, TStored stored, CancellationToken cancellationToken)
    {
        ValueTask delivery;
        try
        {
            delivery = sink.RunAsync(TStore.Lend(stored), cancellationToken);
        }
        catch
        {
            TStore.Release(stored);
            throw;
        }

        if (delivery.IsCompletedSuccessfully)
        {
            delivery.GetAwaiter().GetResult();
            TStore.Release(stored);
            return default;
        }

        return ReleaseAfterAsync(delivery, stored);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ReleaseAfterAsync(ValueTask delivery, TStored stored)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        finally
        {
            TStore.Release(stored);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitAsync(ISink<TItem> sink, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.TryRead(out var stored))
                {
                    await DeliverAsync(sink, stored, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception) when (state.Problem is not null)
        {
            // The writer aborted: that is a signal for the sink, not this call's failure.
        }

        await SignalEndAsync(sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The end of the buffered items: the writer's completion or abort, or, when the reader closed
    /// (which empties and completes the channel), a fault of this call.</summary>
    private ValueTask SignalEndAsync(ISink<TItem> sink, CancellationToken cancellationToken) =>
        state.IsReaderClosed ? ValueTask.FromException(ThrowHelper.PipeReaderClosed())
        : state.Problem is { } problem ? sink.AbortAsync(problem)
        : sink.CompleteAsync(cancellationToken);
}
