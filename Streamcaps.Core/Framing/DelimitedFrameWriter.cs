using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>The encoding shared by the line and delimiter encoders: writes a frame and its delimiter into
/// one pooled chunk, after checking that the receiver will cut it at that delimiter and nowhere else.</summary>
/// <param name="delimiter">What is written after each frame.</param>
/// <param name="splitter">What the receiver cuts at (the delimiter; for lines <c>\n</c>, whatever is written).</param>
/// <param name="maxFrameLength">The longest frame accepted, without the delimiter.</param>
internal sealed class DelimitedFrameWriter(byte[] delimiter, byte[] splitter, int maxFrameLength)
{
    private readonly FrameAssembler _chunk = new();

    public ReadOnlyMemory<byte> Write(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length > maxFrameLength)
        {
            ThrowHelper.ThrowOutgoingFrameTooLong(frame.Length, maxFrameLength);
        }

        _chunk.Append(frame.Span);
        _chunk.Append(delimiter);
        var encoded = _chunk.TakeFrame(0, frame.Length + delimiter.Length);

        // The receiver must not find the splitter inside the frame, nor where the frame's last bytes and the
        // delimiter's first bytes meet (frame "xa" with delimiter "aa" would be cut as "x").
        if (encoded.Span[..(frame.Length + splitter.Length - 1)].IndexOf(splitter) >= 0)
        {
            ThrowHelper.ThrowFrameContainsDelimiter(nameof(frame));
        }

        return encoded;
    }

    public void Release() => _chunk.Release();
}
