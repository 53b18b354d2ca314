using System.Threading.Channels;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>Writes into a <see cref="ChannelWriter{T}"/> (see <see cref="Sink.ToChannel{T}(ChannelWriter{T}, bool)"/>).</summary>
internal sealed class ChannelSink<T>(ChannelWriter<T> writer, bool completeWriter) : SinkBase<T>
{
    protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken) =>
        writer.TryWrite(item) ? default : writer.WriteAsync(item, cancellationToken);

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        if (completeWriter)
        {
            writer.TryComplete();
        }

        return default;
    }

    protected override ValueTask OnAbortAsync(Exception problem)
    {
        if (completeWriter)
        {
            writer.TryComplete(problem);
        }

        return default;
    }
}
