using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>
/// The state machine shared by the line and delimiter decoders: finds the delimiter in the input, across
/// chunk boundaries too, and fails as soon as more than the limit precedes it.
/// </summary>
internal sealed class DelimitedFrameCutter
{
    private readonly byte[] _delimiter;
    private readonly int _maxFrameLength;
    private readonly int _limit;
    private readonly bool _keepDelimiter;
    private readonly FrameAssembler _partial = new();

    /// <param name="delimiter">The byte sequence that ends a frame.</param>
    /// <param name="maxFrameLength">The limit reported to the user.</param>
    /// <param name="allowance">Bytes the caller may still trim from a cut frame (a line's <c>\r</c>), so
    /// the cutter lets that many more through and the caller checks the exact limit.</param>
    /// <param name="keepDelimiter">Whether cut frames end with the delimiter.</param>
    public DelimitedFrameCutter(ReadOnlySpan<byte> delimiter, int maxFrameLength, int allowance, bool keepDelimiter)
    {
        _delimiter = delimiter.ToArray();
        _maxFrameLength = maxFrameLength;
        _limit = maxFrameLength + allowance;
        _keepDelimiter = keepDelimiter;
    }

    public bool TryCut(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        if (input.IsEmpty)
        {
            return false;
        }

        var held = _partial.Length;
        return held == 0 ? TryCutInsideChunk(ref input, out frame) : TryCutAcrossChunks(held, ref input, out frame);
    }

    /// <summary>Yields the unterminated rest at the end of the input, or throws when that is not allowed.</summary>
    public bool TryCutAtEnd(bool allowUnterminated, out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        var held = _partial.Length;
        if (held == 0)
        {
            return false;
        }

        if (!allowUnterminated)
        {
            ThrowHelper.ThrowTruncatedFrame(held, "and the delimiter that ends the frame never came");
        }

        if (held > _limit)
        {
            ThrowHelper.ThrowFrameTooLong(held, _maxFrameLength, lengthIsExact: true);
        }

        frame = _partial.TakeFrame(0, held);
        return true;
    }

    public void Release() => _partial.Release();

    private bool TryCutInsideChunk(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame)
    {
        var span = input.Span;
        var at = _delimiter.Length == 1 ? span.IndexOf(_delimiter[0]) : span.IndexOf(_delimiter);
        if (at >= 0)
        {
            if (at > _limit)
            {
                ThrowHelper.ThrowFrameTooLong(at, _maxFrameLength, lengthIsExact: true);
            }

            var end = at + _delimiter.Length;
            frame = input[..(_keepDelimiter ? end : at)];
            input = input[end..];
            return true;
        }

        // The chunk may end with the first bytes of the delimiter, which do not count towards the frame yet.
        ThrowIfOverLimit(span.Length);
        _partial.Append(span);
        input = default;
        frame = default;
        return false;
    }

    private bool TryCutAcrossChunks(int held, ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame)
    {
        // Copy no more than a frame at the limit could still use; past that the frame is too long anyway.
        var take = Math.Min(input.Length, _limit + _delimiter.Length - held);
        _partial.Append(input.Span[..take]);

        // A delimiter that starts in the held bytes can only start in their last (length - 1) bytes.
        var from = Math.Max(0, held - (_delimiter.Length - 1));
        var found = _partial.WrittenSpan[from..].IndexOf(_delimiter);
        if (found >= 0)
        {
            var at = from + found;
            var end = at + _delimiter.Length;
            frame = _partial.TakeFrame(0, _keepDelimiter ? end : at);
            input = input[(end - held)..];
            return true;
        }

        ThrowIfOverLimit(_partial.Length);
        input = input[take..];
        frame = default;
        return false;
    }

    private void ThrowIfOverLimit(int undelimitedLength)
    {
        var frameLengthAtLeast = undelimitedLength - (_delimiter.Length - 1);
        if (frameLengthAtLeast > _limit)
        {
            ThrowHelper.ThrowFrameTooLong(frameLengthAtLeast, _maxFrameLength, lengthIsExact: false);
        }
    }
}
