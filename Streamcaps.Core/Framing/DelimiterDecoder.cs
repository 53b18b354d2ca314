namespace Streamcaps.Framing;

/// <summary>
/// Cuts a byte stream into frames ended by a delimiter (any non-empty byte sequence), with a mandatory
/// maximum frame length. The delimiter may be split across chunks.
/// </summary>
/// <remarks>
/// A frame inside one chunk is delivered as a slice of that chunk, without copying; a frame crossing chunks
/// is assembled in a pooled buffer. Either way it is lent until its delivery completes.
/// </remarks>
public sealed class DelimiterDecoder : FrameDecoder
{
    private readonly DelimitedFrameCutter _cutter;
    private readonly bool _allowUnterminatedLastFrame;

    /// <summary>Creates a delimiter decoder.</summary>
    /// <param name="delimiter">The byte sequence that ends each frame. It is copied.</param>
    /// <param name="maxFrameLength">The longest frame accepted, in bytes, not counting the delimiter. A longer
    /// frame faults the flow with <see cref="FrameTooLongException"/> as soon as the limit is crossed.</param>
    /// <param name="keepDelimiter">Whether delivered frames end with the delimiter.</param>
    /// <param name="allowUnterminatedLastFrame">Whether bytes after the last delimiter are delivered as a last
    /// frame when the input ends; by default they fault with <see cref="TruncatedFrameException"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFrameLength"/> is negative or leaves
    /// no room for the delimiter within <see cref="int.MaxValue"/>.</exception>
    public DelimiterDecoder(ReadOnlySpan<byte> delimiter, int maxFrameLength, bool keepDelimiter = false, bool allowUnterminatedLastFrame = false)
    {
        if (delimiter.IsEmpty)
        {
            throw new ArgumentException("The delimiter must contain at least one byte.", nameof(delimiter));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxFrameLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameLength, int.MaxValue - delimiter.Length);
        MaxFrameLength = maxFrameLength;
        _allowUnterminatedLastFrame = allowUnterminatedLastFrame;
        _cutter = new DelimitedFrameCutter(delimiter, maxFrameLength, allowance: 0, keepDelimiter);
    }

    /// <summary>The longest frame accepted, in bytes, not counting the delimiter.</summary>
    public int MaxFrameLength { get; }

    /// <inheritdoc/>
    protected override bool TryDecode(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame) =>
        _cutter.TryCut(ref input, out frame);

    /// <inheritdoc/>
    protected override bool TryDecodeAtEnd(out ReadOnlyMemory<byte> frame) =>
        _cutter.TryCutAtEnd(_allowUnterminatedLastFrame, out frame);

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _cutter.Release();
}
