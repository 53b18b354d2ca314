namespace Streamcaps.Framing;

/// <summary>
/// The shape of a length-prefixed frame, shared by <see cref="LengthPrefixDecoder"/> and
/// <see cref="LengthPrefixEncoder"/>:
/// <c>[LengthFieldOffset header bytes][length field][rest of the frame]</c>, where the rest is
/// <c>length + LengthAdjustment</c> bytes long.
/// </summary>
/// <remarks>
/// The defaults describe the common case: a 4-byte big-endian length that counts the payload after it.
/// A length that counts itself too (as in many binary protocols) is <c>LengthAdjustment = -LengthFieldSize</c>.
/// </remarks>
public sealed class LengthPrefixOptions
{
    /// <summary>Creates options with the mandatory limit.</summary>
    /// <param name="maxFrameLength">The longest frame accepted, in bytes, as delivered by the decoder
    /// (after <see cref="BytesToSkip"/> were removed) and as given to the encoder (without the length field).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFrameLength"/> is negative.</exception>
    public LengthPrefixOptions(int maxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrameLength);
        MaxFrameLength = maxFrameLength;
    }

    /// <summary>The longest frame accepted, in bytes. A length prefix that announces more faults with
    /// <see cref="FrameTooLongException"/> before any of the frame is buffered.</summary>
    public int MaxFrameLength { get; }

    /// <summary>The size of the length field in bytes: 1, 2, 4 (the default) or 8.</summary>
    public int LengthFieldSize { get; init; } = 4;

    /// <summary>The number of header bytes before the length field (default 0).</summary>
    public int LengthFieldOffset { get; init; }

    /// <summary>The byte order of the length field (default <see cref="ByteOrder.BigEndian"/>).</summary>
    public ByteOrder ByteOrder { get; init; } = ByteOrder.BigEndian;

    /// <summary>Whether the length field is a signed number, so a negative one is reported as an
    /// <see cref="InvalidLengthPrefixException"/> (default: unsigned, where it reads as a huge length).</summary>
    public bool LengthFieldIsSigned { get; init; }

    /// <summary>Added to the length field's value to get the number of bytes that follow the field
    /// (default 0). Negative when the length counts the header too.</summary>
    public int LengthAdjustment { get; init; }

    /// <summary>How many bytes from the frame's start the decoder drops before delivering it. Default
    /// (<see langword="null"/>): the header and the length field, so only the rest is delivered; 0 delivers
    /// the whole frame.</summary>
    public int? BytesToSkip { get; init; }

    /// <summary>The header and length field size in bytes.</summary>
    internal int HeaderLength => LengthFieldOffset + LengthFieldSize;

    /// <summary>Checks the options for a decoder or encoder.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the message names it.</exception>
    internal void Validate()
    {
        if (LengthFieldSize is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(LengthFieldSize), LengthFieldSize, "The length field must be 1, 2, 4 or 8 bytes long.");
        }

        if (LengthFieldOffset < 0 || LengthFieldOffset > int.MaxValue - 8)
        {
            throw new ArgumentOutOfRangeException(nameof(LengthFieldOffset), LengthFieldOffset, "The length field offset must be zero or positive.");
        }

        if (BytesToSkip is { } skip && (skip < 0 || skip > HeaderLength))
        {
            throw new ArgumentOutOfRangeException(nameof(BytesToSkip), skip, $"Between 0 and the header length ({HeaderLength}) bytes can be skipped.");
        }

        if (!Enum.IsDefined(ByteOrder))
        {
            throw new ArgumentOutOfRangeException(nameof(ByteOrder), ByteOrder, "Unknown byte order.");
        }
    }
}
