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
            await SendCloseNotifyAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Sends close_notify. OpenSSL refuses to (error <c>0A000197</c>, "shutdown while in init") while the read side
    /// is in the middle of a post-handshake message, such as the TLS 1.3 session tickets a server sends right after
    /// the handshake; that state ends as soon as the read has taken the message, so the close is tried again, a
    /// bounded number of times (<see cref="CloseNotifyAttempts"/>, <see cref="CloseNotifyRetryDelay"/> apart).
    /// Seen on a client that finished writing right after connecting (a CLI relay of a short input): about one
    /// close in five failed before.
    /// </summary>
    private async ValueTask SendCloseNotifyAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception refused) when (attempt < CloseNotifyAttempts && IsShutdownWhileInInit(refused))
            {
                await Task.Delay(CloseNotifyRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How many times <see cref="SendCloseNotifyAsync"/> tries: with <see cref="CloseNotifyRetryDelay"/>,
    /// at most about a second, far more than a post-handshake message takes to arrive and be read.</summary>
    private const int CloseNotifyAttempts = 100;

    private static readonly TimeSpan CloseNotifyRetryDelay = TimeSpan.FromMilliseconds(10);

    private static bool IsShutdownWhileInInit(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current.Message.Contains("0A000197", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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
