using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Net.Memory;

/// <summary>The writing end of one direction of a <see cref="MemoryConnection"/>. It copies each chunk into
/// the pipe, so the chunk is free again when the delivery completes; the delivery waits while the pipe
/// holds more unread bytes than the buffer size allows.</summary>
/// <param name="writer">The pipe this end writes.</param>
/// <param name="ownSource">This end's source, stopped too when the sink resets the connection.</param>
/// <param name="status">Where the end of this direction is recorded.</param>
internal sealed class MemoryPipeSink(PipeWriter writer, MemoryPipeSource ownSource, ConnectionStatus status) : SinkBase<ReadOnlyMemory<byte>>
{
    protected override ValueTask DeliverAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        writer.Write(item.Span);
        var flush = writer.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? Flushed(flush.Result) : AwaitFlushAsync(flush);
    }

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        writer.Complete();
        status.EndSend(problem: null);
        return default;
    }

    protected override ValueTask OnAbortAsync(Exception problem)
    {
        // A reset: the peer learns only that the connection was reset, not this side's reason.
        status.Reset(problem);
        writer.Complete(new IOException("The in-memory connection was reset by the peer."));
        ownSource.Release();
        return default;
    }

    private ValueTask Flushed(FlushResult result)
    {
        if (result.IsCompleted)
        {
            return Fail(PeerStoppedReading());
        }

        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            await AbortAsync(problem).ConfigureAwait(false);
            throw;
        }

        await Flushed(result).ConfigureAwait(false);
    }

    /// <summary>A failed delivery ends the sink (DESIGN rule 6: never half-delivered) and faults with the problem.</summary>
    private async ValueTask Fail(Exception problem)
    {
        await AbortAsync(problem).ConfigureAwait(false);
        throw problem;
    }

    private static IOException PeerStoppedReading() =>
        new("The in-memory connection was reset by the peer: it stopped reading.");
}
