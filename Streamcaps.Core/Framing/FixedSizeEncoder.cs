namespace Streamcaps.Framing;

/// <summary>
/// Passes on records of one fixed size unchanged (without copying): the encoder that matches
/// <see cref="FixedSizeDecoder"/>. A record of another size faults with <see cref="ArgumentException"/>,
/// since the receiver would cut it wrongly.
/// </summary>
public sealed class FixedSizeEncoder : FrameEncoder
{
    /// <summary>Creates an encoder for records of <paramref name="recordSize"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordSize"/> is not positive.</exception>
    public FixedSizeEncoder(int recordSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordSize);
        RecordSize = recordSize;
    }

    /// <summary>The size of every record, in bytes.</summary>
    public int RecordSize { get; }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<byte> Encode(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length != RecordSize)
        {
            throw new ArgumentException($"Records are {RecordSize} bytes long; this one has {frame.Length}.", nameof(frame));
        }

        return frame;
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffers()
    {
        // Records pass through as they are: there is no buffer to return.
    }
}
