using System.Threading.Channels;
using Streamcaps.Internal;

namespace Streamcaps.Pipes;

/// <summary>The writer's end of a buffered pipe: keeps each item and writes it to the bounded channel,
/// waiting for room or not as the overflow mode says.</summary>
internal sealed class PipeSink<TItem, TStored, TStore>(
    ChannelWriter<TStored> writer, ChannelReader<TStored> reader, PipeState state, int capacity, OverflowMode overflow)
    : SinkBase<TItem>
    where TStore : struct, IItemStore<TItem, TStored>
{
    protected override ValueTask DeliverAsync(TItem item, CancellationToken cancellationToken)
    {
        var stored = TStore.Keep(item);
        if (writer.TryWrite(stored))
        {
            return default;
        }

        if (overflow == OverflowMode.Fail && !state.IsReaderClosed)
        {
            TStore.Release(stored);
            return ValueTask.FromException(new BufferOverflowException(capacity));
        }

        // A closed reader completed the channel, so this finds no room at once and says why.
        return WaitForRoomAsync(stored, cancellationToken);
    }

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        writer.TryComplete();
        return default;
    }

    protected override ValueTask OnAbortAsync(Exception problem)
    {
        state.Problem = problem;
        writer.TryComplete(problem);

        // Rule 2: an abort may drop what is pending, and must release it.
        while (reader.TryRead(out var dropped))
        {
            TStore.Release(dropped);
        }

        return default;
    }

    private async ValueTask WaitForRoomAsync(TStored stored, CancellationToken cancellationToken)
    {
        try
        {
            while (await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            {
                if (writer.TryWrite(stored))
                {
                    return;
                }
            }
        }
        catch
        {
            TStore.Release(stored);
            throw;
        }

        TStore.Release(stored);
        if (state.IsReaderClosed)
        {
            throw ThrowHelper.PipeReaderClosed();
        }

        ThrowHelper.ThrowSinkEnded();
    }
}
