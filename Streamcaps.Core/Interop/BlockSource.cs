using System.Threading.Tasks.Dataflow;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>Receives from a TPL Dataflow <see cref="ISourceBlock{TOutput}"/> one item per call (see
/// <see cref="Source.FromBlock{T}(ISourceBlock{T})"/>).</summary>
internal sealed class BlockSource<T>(ISourceBlock<T> block) : SourceBase<T>
{
    protected override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken) =>
        block is IReceivableSourceBlock<T> receivable && receivable.TryReceive(out var item)
            ? sink.RunAsync(item, cancellationToken)
            : WaitAsync(sink, cancellationToken);

    private async ValueTask WaitAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        while (await block.OutputAvailableAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TryTake(out var item))
            {
                await sink.RunAsync(item, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // No more output: the block completed. Its fault, unwrapped, is the source's failure.
        await block.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (block.Completion.IsCompletedSuccessfully)
        {
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sink.AbortAsync(Composition.TaskProblem.Of(block.Completion)).ConfigureAwait(false);
        }
    }

    private bool TryTake(out T item)
    {
        if (block is IReceivableSourceBlock<T> receivable)
        {
            return receivable.TryReceive(out item!);
        }

        // A block that cannot be polled: receive what OutputAvailableAsync announced, without waiting.
        try
        {
            item = block.Receive(TimeSpan.Zero);
            return true;
        }
        catch (TimeoutException)
        {
            item = default!;
            return false;
        }
        catch (InvalidOperationException)
        {
            item = default!;
            return false;
        }
    }
}
