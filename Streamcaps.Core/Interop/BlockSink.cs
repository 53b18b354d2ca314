using System.Runtime.CompilerServices;
using System.Threading.Tasks.Dataflow;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>Offers each item to a TPL Dataflow <see cref="ITargetBlock{TInput}"/> with
/// <see cref="DataflowBlock.SendAsync{TInput}(ITargetBlock{TInput}, TInput, CancellationToken)"/>, so a block's
/// <see cref="DataflowBlockOptions.BoundedCapacity"/> is the backpressure.</summary>
internal sealed class BlockSink<T>(ITargetBlock<T> target, bool completeTarget) : SinkBase<T>
{
    protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken)
    {
        var send = target.SendAsync(item, cancellationToken);
        if (send.IsCompletedSuccessfully && send.Result)
        {
            return default;
        }

        return AwaitSendAsync(send);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitSendAsync(Task<bool> send)
    {
        if (await send.ConfigureAwait(false))
        {
            return;
        }

        // Declined: the block completed or faulted. Its own fault says more than "declined".
        if (target.Completion.IsFaulted)
        {
            throw Composition.TaskProblem.Of(target.Completion);
        }

        throw new InvalidOperationException("The target block declined the item: it has completed and takes no more.");
    }

    protected override async ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        if (completeTarget)
        {
            target.Complete();
            await target.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override ValueTask OnAbortAsync(Exception problem)
    {
        if (completeTarget)
        {
            target.Fault(problem);
        }

        return default;
    }
}
