namespace Streamcaps.Framing;

/// <summary>
/// Ends each frame with a delimiter: the encoder that matches <see cref="DelimiterDecoder"/>. A frame that
/// contains the delimiter (or ends with bytes that form the delimiter together with its start) would be
/// split by the receiver, so it faults with <see cref="ArgumentException"/>;
/// a frame over the limit faults with <see cref="OutgoingFrameTooLongException"/>.
/// </summary>
public sealed class DelimiterEncoder : FrameEncoder
{
    private readonly DelimitedFrameWriter _writer;

    /// <summary>Creates a delimiter encoder.</summary>
    /// <param name="delimiter">The byte sequence written after each frame. It is copied.</param>
    /// <param name="maxFrameLength">The longest frame accepted, in bytes, without the delimiter.</param>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFrameLength"/> is negative.</exception>
    public DelimiterEncoder(ReadOnlySpan<byte> delimiter, int maxFrameLength)
    {
        if (delimiter.IsEmpty)
        {
            throw new ArgumentException("The delimiter must contain at least one byte.", nameof(delimiter));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxFrameLength);
        var bytes = delimiter.ToArray();
        _writer = new DelimitedFrameWriter(bytes, bytes, maxFrameLength);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<byte> Encode(ReadOnlyMemory<byte> frame) => _writer.Write(frame);

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _writer.Release();
}
