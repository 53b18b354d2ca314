using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>Reads a <see cref="ChannelReader{T}"/> as a source (see <see cref="Source.FromChannel{T}(ChannelReader{T})"/>).</summary>
internal sealed class ChannelSource<T>(ChannelReader<T> reader) : SourceBase<T>, IReadySource<T>
{
    public bool TryTakeReady([MaybeNullWhen(false)] out T item) => reader.TryRead(out item);

    protected override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken) =>
        reader.TryRead(out var item) ? sink.RunAsync(item, cancellationToken) : WaitAsync(sink, cancellationToken);

    private async ValueTask WaitAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        Exception? problem = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.TryRead(out var item))
                {
                    await sink.RunAsync(item, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The writer completed the channel with an error: that error, unchanged, is the source's failure.
            problem = failure;
        }

        if (problem is not null)
        {
            await sink.AbortAsync(problem).ConfigureAwait(false);
        }
        else
        {
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
