using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Net.Memory;

/// <summary>The reading end of one direction of a <see cref="MemoryConnection"/>: lends the pipe's
/// segments, one per call, straight from the pipe's pooled memory.</summary>
/// <param name="reader">The pipe this end reads.</param>
/// <param name="status">Where the end of this direction is recorded.</param>
internal sealed class MemoryPipeSource(PipeReader reader, ConnectionStatus status) : ISource<ReadOnlyMemory<byte>>
{
    private readonly Lock _sync = new();
    private bool _calling;
    private bool _released;
    private bool _readerCompleted;
    private Exception? _failure;
    private bool _completed;

    public ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_sync)
        {
            if (_calling)
            {
                ThrowHelper.ThrowSourceCallInFlight();
            }

            if (_failure is null && !_completed && !_released)
            {
                _calling = true;
                return ReadAsync(sink, cancellationToken);
            }
        }

        return _completed ? sink.CompleteAsync(cancellationToken)
            : sink.AbortAsync(_failure ?? ResetLocally());
    }

    /// <summary>Stops reading for good (a local reset or dispose): unread bytes are dropped and the peer's
    /// later deliveries fault. A call in flight finishes first and completes the reader itself.</summary>
    public void Release()
    {
        lock (_sync)
        {
            _released = true;
            if (_calling)
            {
                reader.CancelPendingRead();
                return;
            }

            CompleteReader();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        ReadResult result;
        try
        {
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndCall();
            throw;
        }
        catch (Exception peerReset)
        {
            _failure = peerReset;
            status.EndReceive(peerReset);
            EndCall();
            await sink.AbortAsync(peerReset).ConfigureAwait(false);
            return;
        }

        var buffer = result.Buffer;
        if (result.IsCanceled || (buffer.IsEmpty && result.IsCompleted))
        {
            // Cancelled reads come only from Release; an empty completed buffer is the peer's half-close.
            _completed = !result.IsCanceled;
            if (_completed)
            {
                status.EndReceive(problem: null);
            }

            EndCall();
            if (_completed)
            {
                await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.AbortAsync(ResetLocally()).ConfigureAwait(false);
            }

            return;
        }

        var chunk = buffer.First;
        try
        {
            await sink.RunAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            reader.AdvanceTo(buffer.GetPosition(chunk.Length));
            EndCall();
        }
    }

    private void EndCall()
    {
        lock (_sync)
        {
            _calling = false;
            if (_released || _completed || _failure is not null)
            {
                CompleteReader();
            }
        }
    }

    private void CompleteReader()
    {
        if (!_readerCompleted)
        {
            _readerCompleted = true;
            reader.Complete();
        }
    }

    private static IOException ResetLocally() =>
        new("The in-memory connection was reset or disposed on this side; it delivers nothing more.");
}
