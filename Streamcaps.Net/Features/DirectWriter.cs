using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Streamcaps.Net;

/// <summary>
/// Writes to a connection's sink without waiting (m2stream's <c>TryWrite</c>) and in parts (its
/// <c>WriteAsync</c>, which may write fewer bytes than asked).
/// </summary>
/// <remarks>
/// <see cref="TryWrite"/> copies up to <see cref="ConnectionFeatures.MaxWriteSize"/> bytes into a pooled buffer
/// and delivers them. When the transport takes them at once (room in the kernel's send buffer), the buffer goes
/// straight back; otherwise the delivery goes on in the background and the next <see cref="TryWrite"/> answers
/// "would block" until it finished. The bytes are accepted either way, as a kernel accepts what it buffers:
/// if that delivery fails, the sink resets the connection and the failure is thrown by the next write.
/// </remarks>
internal sealed class DirectWriter(ISink<ReadOnlyMemory<byte>> sink)
{
    private readonly Lock _sync = new();
    private Task? _inFlight;
    /// <summary>Why a background delivery failed; thrown by every later write.</summary>
    private Exception? _failure;

    public bool TryWrite(ReadOnlySpan<byte> buffer, out int bytesWritten)
    {
        bytesWritten = 0;
        lock (_sync)
        {
            if (!IsIdle())
            {
                return false;
            }

            if (buffer.IsEmpty)
            {
                return true;
            }

            var count = Math.Min(buffer.Length, ConnectionFeatures.MaxWriteSize);
            var copy = ArrayPool<byte>.Shared.Rent(count);
            buffer[..count].CopyTo(copy);
            ValueTask delivery;
            try
            {
                delivery = sink.RunAsync(copy.AsMemory(0, count));
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(copy);
                throw;
            }

            if (delivery.IsCompleted)
            {
                ArrayPool<byte>.Shared.Return(copy);
                try
                {
                    delivery.GetAwaiter().GetResult();
                }
                catch (Exception failure)
                {
                    _failure = failure;
                    throw;
                }
            }
            else
            {
                _inFlight = FinishAsync(delivery, copy);
            }

            bytesWritten = count;
            return true;
        }
    }

    /// <summary>Completes when <see cref="TryWrite"/> can take bytes again; throws when the write in flight failed.</summary>
    public async ValueTask WaitToWriteAsync(CancellationToken cancellationToken)
    {
        Task? inFlight;
        lock (_sync)
        {
            inFlight = _inFlight;
        }

        if (inFlight is not null)
        {
            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            lock (_sync)
            {
                IsIdle();
            }
        }
    }

    /// <summary>Whether no delivery is in flight. A delivery that finished is observed here: its failure is thrown.</summary>
    private bool IsIdle()
    {
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }

        if (_inFlight is not { } inFlight)
        {
            return true;
        }

        if (!inFlight.IsCompleted)
        {
            return false;
        }

        _inFlight = null;
        if (inFlight.Exception is { } failed)
        {
            _failure = failed.InnerException ?? failed;
            ExceptionDispatchInfo.Throw(_failure);
        }

        return true;
    }

    private static async Task FinishAsync(ValueTask delivery, byte[] copy)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
