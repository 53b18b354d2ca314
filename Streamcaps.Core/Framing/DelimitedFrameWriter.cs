using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>The encoding shared by the line and delimiter encoders: checks a frame, then writes it and the
/// delimiter into one pooled chunk.</summary>
internal sealed class DelimitedFrameWriter(byte[] delimiter, int maxFrameLength)
{
    private readonly FrameAssembler _chunk = new();

    public ReadOnlyMemory<byte> Write(ReadOnlyMemory<byte> frame, ReadOnlySpan<byte> forbidden)
    {
        if (frame.Length > maxFrameLength)
        {
            ThrowHelper.ThrowFrameTooLong(frame.Length, maxFrameLength, lengthIsExact: true);
        }

        if (frame.Span.IndexOf(forbidden) >= 0)
        {
            ThrowHelper.ThrowFrameContainsDelimiter(nameof(frame));
        }

        _chunk.Append(frame.Span);
        _chunk.Append(delimiter);
        return _chunk.TakeFrame(0, frame.Length + delimiter.Length);
    }

    public void Release() => _chunk.Release();
}
