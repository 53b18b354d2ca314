using System.Threading.Channels;
using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>A source that emits what <paramref name="reader"/> yields.</summary>
    /// <remarks>It completes when the channel's writer completed and every item was read, and fails with the
    /// writer's error, unchanged, when the writer completed it with one. A bounded channel keeps its writers'
    /// backpressure: the source reads one item per delivery.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    public static ISource<T> FromChannel<T>(ChannelReader<T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new ChannelSource<T>(reader);
    }
}
