using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>
/// Lends the segments of a <see cref="PipeReader"/>'s buffer straight to the sink, one segment per call, with
/// no copy; the buffer is advanced past them as soon as the last segment's delivery completed, so the
/// writer resumes without waiting for the next call.
/// </summary>
internal sealed class PipeReaderSource(PipeReader reader) : SourceBase<ReadOnlyMemory<byte>>
{
    private ReadOnlySequence<byte> _buffer;
    private SequencePosition _next;
    private bool _holding;
    private bool _writerDone;
    private bool _ended;
    private Exception? _problem;

    protected override ValueTask SignalAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return _problem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_problem);
        }

        if (_holding)
        {
            if (TryNextSegment(ref _next, out var segment))
            {
                var peek = _next;
                return TryNextSegment(ref peek, out _)
                    ? sink.RunAsync(segment, cancellationToken)
                    : DeliverLast(sink, segment, cancellationToken);
            }

            Release();
        }

        if (_writerDone)
        {
            return EndAsync(sink, null, cancellationToken);
        }

        ValueTask<ReadResult> read;
        try
        {
            read = reader.ReadAsync(cancellationToken);
        }
#pragma warning disable CA1031 // The writer's error, unchanged, is the source's failure.
        catch (Exception problem)
#pragma warning restore CA1031
        {
            return EndAsync(sink, problem, cancellationToken);
        }

        return read.IsCompletedSuccessfully ? Take(read.Result, sink, cancellationToken) : ReadSlowAsync(read, sink, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadSlowAsync(ValueTask<ReadResult> read, ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        ReadResult result;
        try
        {
            result = await read.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception problem)
        {
            await EndAsync(sink, problem, cancellationToken).ConfigureAwait(false);
            return;
        }

        await Take(result, sink, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask Take(ReadResult result, ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        if (result.IsCanceled)
        {
            // CancelPendingRead: the reader's owner asked this read to stop; the read is given back unconsumed.
            reader.AdvanceTo(result.Buffer.Start);
            return ValueTask.FromException(new OperationCanceledException("The PipeReader's pending read was cancelled."));
        }

        _writerDone = result.IsCompleted;
        _buffer = result.Buffer;
        _next = _buffer.Start;
        _holding = true;
        return SignalAsync(sink, cancellationToken);
    }

    private ValueTask DeliverLast(ISink<ReadOnlyMemory<byte>> sink, ReadOnlyMemory<byte> segment, CancellationToken cancellationToken)
    {
        ValueTask delivery;
        try
        {
            delivery = sink.RunAsync(segment, cancellationToken);
        }
        catch
        {
            Release();
            throw;
        }

        if (delivery.IsCompletedSuccessfully)
        {
            delivery.GetAwaiter().GetResult();
            Release();
            return default;
        }

        return ReleaseAfterAsync(delivery);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReleaseAfterAsync(ValueTask delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Gives the whole buffer back to the pipe: every segment of it was delivered.</summary>
    private void Release()
    {
        if (_holding)
        {
            _holding = false;
            reader.AdvanceTo(_buffer.End);
        }
    }

    /// <summary>The next non-empty segment of the held buffer from <paramref name="position"/> on.</summary>
    private bool TryNextSegment(ref SequencePosition position, out ReadOnlyMemory<byte> segment)
    {
        while (_buffer.TryGet(ref position, out segment))
        {
            if (!segment.IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask EndAsync(ISink<ReadOnlyMemory<byte>> sink, Exception? problem, CancellationToken cancellationToken)
    {
        _ended = true;
        _problem = problem;
        await reader.CompleteAsync(problem).ConfigureAwait(false);
        if (problem is null)
        {
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sink.AbortAsync(problem).ConfigureAwait(false);
        }
    }
}
