using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>
/// Writes each lent chunk to a <see cref="Stream"/>; a delivery completes when the stream accepted the bytes,
/// so the stream's own pace is the backpressure. The stream is opened on the first use, so a file that cannot
/// be created fails the flow with the file system's own exception.
/// </summary>
internal sealed class StreamSink(Func<Stream> open, StreamSinkOptions options) : SinkBase<ReadOnlyMemory<byte>>
{
    private Stream? _stream;

    protected override ValueTask DeliverAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        var stream = _stream ??= open();
        return options.FlushEachWrite ? WriteAndFlushAsync(stream, item, cancellationToken) : stream.WriteAsync(item, cancellationToken);
    }

    private static async ValueTask WriteAndFlushAsync(Stream stream, ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        var stream = _stream ??= open();
        try
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!options.LeaveOpen)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    protected override ValueTask OnAbortAsync(Exception problem) =>
        _stream is { } stream && !options.LeaveOpen ? stream.DisposeAsync() : default;
}
