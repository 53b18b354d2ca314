using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>
/// Cuts a byte stream into records of one fixed size. The record size is also the limit: the decoder
/// never holds more than one record. Input that ends inside a record faults with <see cref="TruncatedFrameException"/>.
/// </summary>
/// <remarks>
/// A record inside one chunk is delivered as a slice of that chunk, without copying; a record crossing
/// chunks is assembled in a pooled buffer. Either way it is lent until its delivery completes.
/// </remarks>
public sealed class FixedSizeDecoder : FrameDecoder
{
    private readonly FrameAssembler _partial = new();

    /// <summary>Creates a decoder for records of <paramref name="recordSize"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordSize"/> is not positive.</exception>
    public FixedSizeDecoder(int recordSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordSize);
        RecordSize = recordSize;
    }

    /// <summary>The size of every record, in bytes.</summary>
    public int RecordSize { get; }

    /// <inheritdoc/>
    protected override bool TryDecode(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        if (input.IsEmpty)
        {
            return false;
        }

        var held = _partial.Length;
        if (held == 0 && input.Length >= RecordSize)
        {
            frame = input[..RecordSize];
            input = input[RecordSize..];
            return true;
        }

        var count = Math.Min(RecordSize - held, input.Length);
        _partial.Append(input.Span[..count]);
        input = input[count..];
        if (held + count < RecordSize)
        {
            return false;
        }

        frame = _partial.TakeFrame(0, RecordSize);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeAtEnd(out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        var held = _partial.Length;
        if (held > 0)
        {
            ThrowHelper.ThrowTruncatedFrame(held, $"but records are {RecordSize} bytes long");
        }

        return false;
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _partial.Release();
}
