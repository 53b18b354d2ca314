using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>
/// Writes each lent chunk into a <see cref="PipeWriter"/> and flushes; a delivery completes when the flush
/// does, so the pipe's <see cref="PipeOptions.PauseWriterThreshold"/> is the backpressure.
/// </summary>
internal sealed class PipeWriterSink(PipeWriter writer) : SinkBase<ReadOnlyMemory<byte>>
{
    protected override ValueTask DeliverAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        var flush = writer.WriteAsync(item, cancellationToken);
        if (flush.IsCompletedSuccessfully)
        {
            Check(flush.Result);
            return default;
        }

        return AwaitFlushAsync(flush);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush) => Check(await flush.ConfigureAwait(false));

    private static void Check(FlushResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The PipeWriter's pending flush was cancelled.");
        }

        if (result.IsCompleted)
        {
            throw new IOException("The pipe's reader completed; it takes no more bytes.");
        }
    }

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken) => writer.CompleteAsync();

    protected override ValueTask OnAbortAsync(Exception problem) => writer.CompleteAsync(problem);
}
