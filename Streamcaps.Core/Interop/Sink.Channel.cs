using System.Threading.Channels;
using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Sink
{
    /// <summary>A sink that writes every item into <paramref name="writer"/>; a delivery completes when the
    /// channel accepted the item, so a bounded channel's capacity is the backpressure.</summary>
    /// <param name="writer">The channel to write to.</param>
    /// <param name="completeWriter">Whether the sink's end completes the channel (<see cref="ISink{T}.AbortAsync"/>
    /// completes it with the problem). Leave it false when other writers share the channel.</param>
    /// <remarks>The channel keeps the items after their delivery completed, so lent memory (rule 5) must be
    /// copied before this sink. A write to a channel completed by someone else faults with the channel's
    /// <see cref="ChannelClosedException"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static ISink<T> ToChannel<T>(ChannelWriter<T> writer, bool completeWriter = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new ChannelSink<T>(writer, completeWriter);
    }
}
