using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>
/// Writes each frame with its length prefix, shaped as <see cref="LengthPrefixOptions"/> say: the encoder
/// that matches <see cref="LengthPrefixDecoder"/>.
/// </summary>
/// <remarks>
/// Each item is <c>[LengthFieldOffset header bytes][payload]</c>; the encoder inserts the length field after
/// the header (with no header, the item is the payload). The field holds
/// <c>payload length - LengthAdjustment</c>. A payload over <see cref="LengthPrefixOptions.MaxFrameLength"/>
/// or too long for the field faults with <see cref="OutgoingFrameTooLongException"/>.
/// <see cref="LengthPrefixOptions.BytesToSkip"/> applies to decoding only.
/// </remarks>
public sealed class LengthPrefixEncoder : FrameEncoder
{
    private readonly LengthField _field;
    private readonly int _headerLength;
    private readonly int _maxFrameLength;
    private readonly FrameAssembler _chunk = new();

    /// <summary>Creates an encoder for frames shaped as <paramref name="options"/> say.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public LengthPrefixEncoder(LengthPrefixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _field = new LengthField(options);
        _headerLength = options.LengthFieldOffset;
        _maxFrameLength = options.MaxFrameLength;
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<byte> Encode(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length < _headerLength)
        {
            throw new ArgumentException($"The frame must start with the {_headerLength} header bytes that precede the length field; it has {frame.Length} bytes.", nameof(frame));
        }

        var payloadLength = frame.Length - _headerLength;
        if (payloadLength > _maxFrameLength)
        {
            ThrowHelper.ThrowOutgoingFrameTooLong(payloadLength, _maxFrameLength);
        }

        Span<byte> field = stackalloc byte[sizeof(long)];
        _field.Write(payloadLength, field);
        var span = frame.Span;
        _chunk.Append(span[.._headerLength]);
        _chunk.Append(field[.._field.Size]);
        _chunk.Append(span[_headerLength..]);
        return _chunk.TakeFrame(0, frame.Length + _field.Size);
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _chunk.Release();
}
