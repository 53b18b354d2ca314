using System.Runtime.CompilerServices;

namespace Streamcaps.Framing;

/// <summary>
/// The base of the byte framing pumps: cuts a stream of byte chunks into frames. A derived class supplies
/// the pure state machine (<see cref="TryDecode"/>, <see cref="TryDecodeAtEnd"/>); this class runs it
/// against the output, awaiting each delivery, and completes synchronously whenever the output does.
/// </summary>
/// <remarks>
/// <para>Frames are lent (DESIGN rule 5): a frame that lies inside one input chunk is a slice of that chunk,
/// a frame that crosses chunks is assembled in a pooled buffer; either way it is valid only until its
/// delivery completes. A sink that keeps a frame longer copies it.</para>
/// <para>A decoder keeps state between chunks, so it belongs to one flow: create one per connection.
/// After it faulted (a malformed frame) the flow is over; it must not be used again.</para>
/// </remarks>
public abstract class FrameDecoder : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    /// <summary>Cuts the next frame from <paramref name="input"/>.</summary>
    /// <param name="input">The unread rest of the current chunk. The implementation advances it past what
    /// it consumed: past the frame it returns, or to the end when it kept the bytes for a frame that goes on
    /// in the next chunk.</param>
    /// <param name="frame">The frame, when the method returns <see langword="true"/>: a slice of the input or
    /// of the decoder's own buffer, valid until the next call on this decoder.</param>
    /// <returns><see langword="true"/> when a frame was cut; <see langword="false"/> when the input is used up.</returns>
    /// <exception cref="FramingException">The input is malformed.</exception>
    protected abstract bool TryDecode(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame);

    /// <summary>Called at the end of the input, again and again until it returns <see langword="false"/>:
    /// yields what the decoder still holds as a last frame, or throws when a leftover is not a frame.</summary>
    /// <param name="frame">The last frame, valid until the next call on this decoder.</param>
    /// <returns><see langword="true"/> when a frame was yielded.</returns>
    /// <exception cref="TruncatedFrameException">The input ended inside a frame.</exception>
    protected abstract bool TryDecodeAtEnd(out ReadOnlyMemory<byte> frame);

    /// <summary>Releases pooled buffers once the input ended. Called by <see cref="CompleteAsync"/>.</summary>
    protected abstract void ReleaseBuffers();

    /// <inheritdoc/>
    /// <exception cref="FramingException">The task faults with it when the input is malformed.</exception>
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            while (TryDecode(ref item, out var frame))
            {
                var delivery = output.RunAsync(frame, cancellationToken);
                if (!delivery.IsCompletedSuccessfully)
                {
                    return DeliverRestAsync(delivery, item, output, cancellationToken);
                }

                delivery.GetAwaiter().GetResult();
            }

            return default;
        }
        catch (Exception problem)
        {
            return ValueTask.FromException(problem);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="TruncatedFrameException">The task faults with it when the input ended inside a frame.</exception>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return DeliverLeftoversAsync(output, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverRestAsync(ValueTask pending, ReadOnlyMemory<byte> rest, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken)
    {
        await pending.ConfigureAwait(false);
        while (TryDecode(ref rest, out var frame))
        {
            await output.RunAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask DeliverLeftoversAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken)
    {
        try
        {
            while (TryDecodeAtEnd(out var frame))
            {
                await output.RunAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ReleaseBuffers();
        }
    }
}
