using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>
/// Cuts a byte stream into lines ended by <c>\n</c> or <c>\r\n</c>, with a mandatory maximum line length.
/// Each line is delivered as the bytes between terminators (with the terminator when
/// <c>keepTerminator</c> is set); decoding them to text is a separate pump (<see cref="Streamcaps.Text.Utf8Decoder"/>).
/// </summary>
/// <remarks>
/// A line inside one chunk is delivered as a slice of that chunk, without copying; a line crossing chunks
/// is assembled in a pooled buffer. Either way it is lent until its delivery completes.
/// A lone <c>\r</c> not followed by <c>\n</c> is part of the line.
/// </remarks>
public sealed class LineDecoder : FrameDecoder
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';

    private readonly DelimitedFrameCutter _cutter;
    private readonly int _maxLineLength;
    private readonly bool _keepTerminator;
    private readonly bool _allowUnterminatedLastLine;

    /// <summary>Creates a line decoder.</summary>
    /// <param name="maxLineLength">The longest line accepted, in bytes, not counting its terminator. A longer
    /// line faults the flow with <see cref="FrameTooLongException"/> as soon as the limit is crossed, so
    /// the decoder never holds more than this much.</param>
    /// <param name="keepTerminator">Whether delivered lines end with their <c>\n</c> or <c>\r\n</c>.</param>
    /// <param name="allowUnterminatedLastLine">Whether bytes after the last terminator are delivered as a
    /// last line when the input ends (the default); otherwise they fault with <see cref="TruncatedFrameException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineLength"/> is negative or
    /// <see cref="int.MaxValue"/>.</exception>
    public LineDecoder(int maxLineLength, bool keepTerminator = false, bool allowUnterminatedLastLine = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLineLength);
        ArgumentOutOfRangeException.ThrowIfEqual(maxLineLength, int.MaxValue);
        _maxLineLength = maxLineLength;
        _keepTerminator = keepTerminator;
        _allowUnterminatedLastLine = allowUnterminatedLastLine;
        _cutter = new DelimitedFrameCutter([LineFeed], maxLineLength, allowance: 1, keepTerminator);
    }

    /// <summary>The longest line accepted, in bytes, not counting its terminator.</summary>
    public int MaxLineLength => _maxLineLength;

    /// <inheritdoc/>
    protected override bool TryDecode(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame)
    {
        if (!_cutter.TryCut(ref input, out frame))
        {
            return false;
        }

        frame = Trim(frame, terminated: true);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeAtEnd(out ReadOnlyMemory<byte> frame)
    {
        if (!_cutter.TryCutAtEnd(_allowUnterminatedLastLine, out frame))
        {
            return false;
        }

        frame = Trim(frame, terminated: false);
        return true;
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _cutter.Release();

    /// <summary>Finds the line's content (without <c>\n</c> and a <c>\r</c> before it), checks its length,
    /// and returns the line as it is delivered.</summary>
    private ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line, bool terminated)
    {
        var contentLength = line.Length - (terminated && _keepTerminator ? 1 : 0);
        var span = line.Span;
        var endsWithReturn = contentLength > 0 && span[contentLength - 1] == CarriageReturn;
        if (endsWithReturn)
        {
            contentLength--;
        }

        if (contentLength > _maxLineLength)
        {
            ThrowHelper.ThrowFrameTooLong(contentLength, _maxLineLength, lengthIsExact: true);
        }

        return _keepTerminator || !endsWithReturn ? line : line[..contentLength];
    }
}
