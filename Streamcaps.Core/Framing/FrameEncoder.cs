namespace Streamcaps.Framing;

/// <summary>
/// The base of the byte framing encoders: turns each frame into its bytes on the wire (adds a terminator,
/// a length prefix) and delivers them as one chunk, so a transport writes each frame with one send.
/// </summary>
/// <remarks>
/// The encoded chunk is built in a pooled buffer the encoder reuses, and lent to the output until its
/// delivery completes. An encoder belongs to one flow; <see cref="CompleteAsync"/> returns its buffer.
/// Bad frames (too long, containing the delimiter) fault the delivery with a named exception and nothing
/// of them is written.
/// </remarks>
public abstract class FrameEncoder : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    /// <summary>Encodes one frame.</summary>
    /// <param name="frame">The frame, lent until the delivery of the result completes.</param>
    /// <returns>The bytes to deliver, valid until the next call on this encoder.</returns>
    /// <exception cref="OutgoingFrameTooLongException">The frame is longer than the encoder accepts (the sender's bug,
    /// so an <see cref="ArgumentException"/>, not a <see cref="FramingException"/>).</exception>
    /// <exception cref="ArgumentException">The frame cannot be encoded (the message says why).</exception>
    protected abstract ReadOnlyMemory<byte> Encode(ReadOnlyMemory<byte> frame);

    /// <summary>Returns pooled buffers once the input ended. Called by <see cref="CompleteAsync"/>.</summary>
    protected abstract void ReleaseBuffers();

    /// <inheritdoc/>
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlyMemory<byte> encoded;
        try
        {
            encoded = Encode(item);
        }
        catch (Exception problem)
        {
            return ValueTask.FromException(problem);
        }

        return output.RunAsync(encoded, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReleaseBuffers();
        return default;
    }
}
