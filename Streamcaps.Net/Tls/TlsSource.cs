using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;
using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>
/// The receiving half of a <see cref="TlsConnection"/>: decrypts into a pooled buffer and lends it until the
/// delivery completes (DESIGN rule 5).
/// </summary>
/// <remarks>
/// <para>Waiting is a zero-byte read, so an idle connection holds no plaintext buffer; when decrypted data
/// is already there it completes at once. After a read that filled the whole buffer more data is probably
/// there (bulk transfer), so the source reads straight away and skips the wait.</para>
/// <para>The end: <see cref="SslStream"/> returns 0 both for the peer's close_notify and for a transport that
/// ended at a record boundary without one. Only the second leaves the transport read to its end, because
/// SslStream stops reading at close_notify; that is how a truncation is told apart and reported as
/// <see cref="IOException"/>.</para>
/// <para><see cref="Flow.RunAsync{T}"/> from this source runs one loop that reads and delivers until the end
/// (<see cref="IPushSource{T}"/>), with the behaviour of pulling one chunk per call: a record that arrives
/// resumes that loop only, as in a hand-written <see cref="SslStream"/> copy loop.</para>
/// <para>Cancellation allocates nothing: a read carries the stop's token, or, when the caller's token can fire
/// too, a canceller the source keeps and reuses while it did not fire.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The stop's and the canceller's CancellationTokenSources have no timer: they hold nothing that needs disposing.")]
internal sealed class TlsSource(TlsConnection connection, SslStream ssl, DuplexStream transport, int bufferSize)
    : SourceBase<ReadOnlyMemory<byte>>, IPushSource<ReadOnlyMemory<byte>>
{
    /// <summary>Cancelled when a stopping server ends this source (<see cref="End"/>).</summary>
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Cancels a read for the caller's token or the stop, whichever fires first; reused while it did not fire.</summary>
    private CancellationTokenSource? _canceller;
    private bool _ended;
    private bool _lastReadFilledBuffer;
    private Exception? _problem;

    /// <summary>Ends the source at the next item boundary for a stopping server (see <see cref="IStoppableConnection"/>).</summary>
    public void End() => _stop.Cancel();

    protected override ValueTask SignalAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return _problem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_problem);
        }

        return IsStopped ? EndByStopAsync(sink, cancellationToken) : ReceiveAsync(sink, untilEnd: false, cancellationToken);
    }

    Task IPushSource<ReadOnlyMemory<byte>>.PushIntoAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken) =>
        Flow.RunThroughRelayAsync(sink, this, static (source, relay, cancellationToken) => source.PushAsync(relay, cancellationToken), cancellationToken);

    /// <summary>The whole flow as one call of the source: the same signals, in one loop.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask PushAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        // Checked before asking for anything, as a flow that pulls does.
        cancellationToken.ThrowIfCancellationRequested();
        EnterCall();
        try
        {
            var flow = _ended || IsStopped ? SignalAsync(sink, cancellationToken) : ReceiveAsync(sink, untilEnd: true, cancellationToken);
            await flow.ConfigureAwait(false);
        }
        finally
        {
            ExitCall();
        }
    }

    private bool IsStopped => _stop.IsCancellationRequested;

    /// <summary>The stopping server ended the source: the sink completes as on close_notify, but the session stays
    /// open for the server to drain what the peer still sends (it is released when the server closes it).</summary>
    private ValueTask EndByStopAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        _ended = true;
        return sink.CompleteAsync(cancellationToken);
    }

    /// <summary>Receives one chunk and delivers it, or signals the end; with <paramref name="untilEnd"/>, goes on
    /// until the source ended (checking for cancellation and the stop before each further chunk, as a flow's calls do).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveAsync(ISink<ReadOnlyMemory<byte>> sink, bool untilEnd, CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[]? buffer = null;
            // The stop may end a wait for the peer as the caller's token may; a canceller joins them only when both can fire.
            var canceller = cancellationToken.CanBeCanceled ? _canceller ??= new CancellationTokenSource() : null;
            var receiving = canceller?.Token ?? _stop.Token;
            var callerCancellation = canceller is null ? default : cancellationToken.UnsafeRegister(CancelCanceller, canceller);
            var stopCancellation = canceller is null ? default : _stop.Token.UnsafeRegister(CancelCanceller, canceller);
            try
            {
                int read;
                try
                {
                    if (!_lastReadFilledBuffer)
                    {
                        await ssl.ReadAsync(Memory<byte>.Empty, receiving).ConfigureAwait(false);
                    }

                    buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
                    read = await ssl.ReadAsync(buffer.AsMemory(0, bufferSize), receiving).ConfigureAwait(false);
                    _lastReadFilledBuffer = read == bufferSize;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The caller's token, not the linked one: a caller checks which of its tokens cancelled the call.
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (OperationCanceledException) when (IsStopped)
                {
                    await EndByStopAsync(sink, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception failure)
                {
                    await EndAsync(failure).ConfigureAwait(false);
                    await sink.AbortAsync(failure).ConfigureAwait(false);
                    return;
                }

                if (read == 0)
                {
                    await SignalEndAsync(sink, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await sink.RunAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                // Unregistered first, so no callback can cancel the canceller once it is reset for the next read.
                callerCancellation.Dispose();
                stopCancellation.Dispose();
                if (canceller is not null && !canceller.TryReset())
                {
                    _canceller = null;
                }
            }

            if (!untilEnd)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (IsStopped)
            {
                await EndByStopAsync(sink, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>SslStream returned 0: close_notify (a clean end), or a transport that ended at a record boundary
    /// without one (a truncation).</summary>
    private async ValueTask SignalEndAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        if (transport.IsReadCompleted)
        {
            var truncated = new IOException(
                "The TLS stream was cut without close_notify: the transport ended before the peer closed TLS, " +
                "so the data received may be truncated.");
            await EndAsync(truncated).ConfigureAwait(false);
            await sink.AbortAsync(truncated).ConfigureAwait(false);
            return;
        }

        await EndAsync(null).ConfigureAwait(false);
        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void CancelCanceller(object? canceller) => ((CancellationTokenSource)canceller!).Cancel();

    private ValueTask EndAsync(Exception? problem)
    {
        _ended = true;
        _problem = problem;
        connection.Status.EndReceive(problem);
        return connection.FinishDirectionAsync();
    }
}
