using System.Threading.Tasks.Dataflow;
using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Sink
{
    /// <summary>A sink that offers every item to the TPL Dataflow <paramref name="target"/>.</summary>
    /// <param name="target">The block to feed.</param>
    /// <param name="completeTarget">Whether the sink's end ends the block: completion calls
    /// <see cref="IDataflowBlock.Complete"/> and waits for <see cref="IDataflowBlock.Completion"/> (so it completes
    /// when the block processed everything, and faults with the block's fault); abort calls
    /// <see cref="IDataflowBlock.Fault"/>. Default: true.</param>
    /// <remarks>A delivery completes when the block accepted the item; a block with a
    /// <see cref="DataflowBlockOptions.BoundedCapacity"/> postpones it while full, which is the backpressure. A
    /// block that declines (it completed) faults the delivery with its fault, or with
    /// <see cref="InvalidOperationException"/>. The block keeps items after their delivery, so lent memory must be
    /// copied before this sink.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public static ISink<T> ToBlock<T>(ITargetBlock<T> target, bool completeTarget = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new BlockSink<T>(target, completeTarget);
    }
}
