using System.Threading.Tasks.Dataflow;
using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>A source that emits what the TPL Dataflow <paramref name="block"/> outputs, one item per call.</summary>
    /// <remarks>It completes when the block completed and its output was drained, and fails with the block's fault
    /// (unwrapped from the <see cref="AggregateException"/>, otherwise unchanged). Items are taken only when the
    /// sink asks, so a block with a <see cref="DataflowBlockOptions.BoundedCapacity"/> keeps backpressuring its
    /// inputs. Link nothing else to the block: the source must be its only consumer.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="block"/> is null.</exception>
    public static ISource<T> FromBlock<T>(ISourceBlock<T> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new BlockSource<T>(block);
    }
}
