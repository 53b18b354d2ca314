using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Streamcaps.Internal;
using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>
/// The sending half of a <see cref="TlsConnection"/>: each chunk is encrypted and handed to the transport;
/// the delivery completes when the transport took the records. Completing sends close_notify and then
/// half-closes the transport; aborting resets the transport.
/// </summary>
internal sealed class TlsSink(TlsConnection connection, SslStream ssl, DuplexStream transport, ISink<ReadOnlyMemory<byte>> transportSink)
    : SinkBase<ReadOnlyMemory<byte>>
{
    protected override ValueTask DeliverAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        var write = ssl.WriteAsync(item, cancellationToken);
        return write.IsCompletedSuccessfully ? write : AwaitWriteAsync(write);
    }

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken) => CloseAsync(cancellationToken);

    protected override ValueTask OnAbortAsync(Exception problem) => ResetAsync(problem);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitWriteAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // A write that failed may have left half a record on the wire: the stream cannot go on. SslStream
            // wraps what the transport threw in an IOException; a write timeout is reported as itself.
            var problem = failure is IOException { InnerException: TimeoutException timeout } ? timeout : failure;
            await AbortAsync(problem).ConfigureAwait(false);
            ExceptionDispatchInfo.Throw(problem);
        }
    }

    private async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await transport.CompleteWritesAsync(cancellationToken).ConfigureAwait(false);
            connection.Status.EndSend(problem: null);
        }
        catch (Exception problem)
        {
            connection.Status.EndSend(problem);
            await transportSink.AbortAsync(problem).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await connection.FinishDirectionAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask ResetAsync(Exception problem)
    {
        connection.Status.EndSend(problem);
        try
        {
            await transportSink.AbortAsync(problem).ConfigureAwait(false);
        }
        finally
        {
            await connection.FinishDirectionAsync().ConfigureAwait(false);
        }
    }
}
