using System.Buffers.Binary;
using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>Reads and writes the length field of <see cref="LengthPrefixOptions"/>, and turns its value
/// into a frame's extent.</summary>
internal readonly struct LengthField
{
    private readonly int _offset;
    private readonly int _size;
    private readonly bool _bigEndian;
    private readonly bool _signed;
    private readonly int _adjustment;
    private readonly int _maxFrameLength;

    public LengthField(LengthPrefixOptions options)
    {
        options.Validate();
        _offset = options.LengthFieldOffset;
        _size = options.LengthFieldSize;
        _bigEndian = options.ByteOrder == ByteOrder.BigEndian;
        _signed = options.LengthFieldIsSigned;
        _adjustment = options.LengthAdjustment;
        _maxFrameLength = options.MaxFrameLength;
        HeaderLength = options.HeaderLength;
        BytesToSkip = options.BytesToSkip ?? HeaderLength;
    }

    public int HeaderLength { get; }

    public int BytesToSkip { get; }

    /// <summary>Reads the length from <paramref name="header"/> and returns where the frame ends,
    /// counted from its first header byte.</summary>
    /// <exception cref="InvalidLengthPrefixException">The length is negative, or negative once adjusted.</exception>
    /// <exception cref="FrameTooLongException">The frame would be longer than the limit.</exception>
    public int ReadFrameEnd(ReadOnlySpan<byte> header)
    {
        var length = Read(header.Slice(_offset, _size));
        if (length < 0)
        {
            ThrowHelper.ThrowInvalidLengthPrefix(length, "a signed length field must not be negative");
        }

        var rest = length + _adjustment;
        if (rest < 0)
        {
            ThrowHelper.ThrowInvalidLengthPrefix(length, $"with the length adjustment {_adjustment} the frame would be {rest} bytes long");
        }

        var delivered = HeaderLength - BytesToSkip + rest;
        if (delivered > _maxFrameLength)
        {
            ThrowHelper.ThrowFrameTooLong((long)Int128.Min(delivered, long.MaxValue), _maxFrameLength, lengthIsExact: true);
        }

        return HeaderLength + (int)rest;
    }

    /// <summary>Writes the length field for a frame whose rest (after the field) is <paramref name="restLength"/> bytes.</summary>
    /// <exception cref="OutgoingFrameTooLongException">The length does not fit the field.</exception>
    /// <exception cref="ArgumentException">The frame is shorter than the length adjustment allows.</exception>
    public void Write(int restLength, Span<byte> destination)
    {
        long length = restLength - (long)_adjustment;
        if (length < 0)
        {
            throw new ArgumentException($"A frame of {restLength} bytes cannot be described with the length adjustment {_adjustment}: its length field would be negative.");
        }

        var largest = _size == 8 ? long.MaxValue : (1L << ((_size * 8) - (_signed ? 1 : 0))) - 1;
        if (length > largest)
        {
            ThrowHelper.ThrowOutgoingFrameTooLong(restLength, largest + _adjustment);
        }

        var field = destination[.._size];
        switch (_size)
        {
            case 1:
                field[0] = (byte)length;
                break;
            case 2 when _bigEndian:
                BinaryPrimitives.WriteUInt16BigEndian(field, (ushort)length);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)length);
                break;
            case 4 when _bigEndian:
                BinaryPrimitives.WriteUInt32BigEndian(field, (uint)length);
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)length);
                break;
            case 8 when _bigEndian:
                BinaryPrimitives.WriteInt64BigEndian(field, length);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(field, length);
                break;
        }
    }

    public int Size => _size;

    private Int128 Read(ReadOnlySpan<byte> field)
    {
        ulong raw = _size switch
        {
            1 => field[0],
            2 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt16LittleEndian(field),
            4 => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(field) : BinaryPrimitives.ReadUInt64LittleEndian(field),
        };

        if (!_signed)
        {
            return raw;
        }

        return _size switch
        {
            1 => (sbyte)raw,
            2 => (short)raw,
            4 => (int)raw,
            _ => (long)raw,
        };
    }
}
