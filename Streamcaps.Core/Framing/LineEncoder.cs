using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>
/// Ends each line with <c>\n</c> or <c>\r\n</c>: the encoder that matches <see cref="LineDecoder"/>.
/// A line that contains <c>\n</c>, or ends with <c>\r</c>, would not come back as sent, so it faults
/// with <see cref="ArgumentException"/>; a line over the limit faults with <see cref="OutgoingFrameTooLongException"/>.
/// </summary>
public sealed class LineEncoder : FrameEncoder
{
    private static readonly byte[] LineFeed = "\n"u8.ToArray();
    private static readonly byte[] CarriageReturnLineFeed = "\r\n"u8.ToArray();

    private readonly DelimitedFrameWriter _writer;

    /// <summary>Creates a line encoder.</summary>
    /// <param name="maxLineLength">The longest line accepted, in bytes, without its terminator.</param>
    /// <param name="terminator">What each line is ended with.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineLength"/> is negative or
    /// <paramref name="terminator"/> is unknown.</exception>
    public LineEncoder(int maxLineLength, LineTerminator terminator = LineTerminator.LineFeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLineLength);
        var bytes = terminator switch
        {
            LineTerminator.LineFeed => LineFeed,
            LineTerminator.CarriageReturnLineFeed => CarriageReturnLineFeed,
            _ => throw new ArgumentOutOfRangeException(nameof(terminator), terminator, "Unknown line terminator."),
        };
        _writer = new DelimitedFrameWriter(bytes, LineFeed, maxLineLength);
    }

    /// <inheritdoc/>
    protected override ReadOnlyMemory<byte> Encode(ReadOnlyMemory<byte> frame)
    {
        if (frame.Span.EndsWith((byte)'\r'))
        {
            ThrowHelper.ThrowLineEndsWithCarriageReturn(nameof(frame));
        }

        return _writer.Write(frame);
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _writer.Release();
}
