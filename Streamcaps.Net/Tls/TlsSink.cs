using System.Net.Security;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;
using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>
/// The sending half of a <see cref="TlsConnection"/>: each chunk is encrypted and handed to the transport;
/// the delivery completes when the transport took the records. Completing sends close_notify and then
/// half-closes the transport; aborting resets the transport.
/// </summary>
internal sealed class TlsSink(TlsConnection connection, SslStream ssl, DuplexStream transport, ISink<ReadOnlyMemory<byte>> transportSink)
    : ISink<ReadOnlyMemory<byte>>
{
    private SinkGate _gate;

    public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
    {
        _gate.Enter();
        var write = ssl.WriteAsync(item, cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            _gate.Exit();
            return default;
        }

        return AwaitWriteAsync(write);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        _gate.TryEnd() ? CloseAsync(cancellationToken) : default;

    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return _gate.TryEnd() ? ResetAsync(problem) : default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitWriteAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception problem)
        {
            // A write that failed may have left half a record on the wire: the stream cannot go on.
            await AbortAsync(problem).ConfigureAwait(false);
            throw;
        }

        _gate.Exit();
    }

    private async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await transport.CompleteWritesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception problem)
        {
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
