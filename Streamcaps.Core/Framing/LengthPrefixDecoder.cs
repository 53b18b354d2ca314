using Streamcaps.Internal;

namespace Streamcaps.Framing;

/// <summary>
/// Cuts a byte stream into frames announced by a length prefix (1, 2, 4 or 8 bytes, big or little endian,
/// after an optional header, with an optional adjustment), as described by <see cref="LengthPrefixOptions"/>.
/// </summary>
/// <remarks>
/// <para>The prefix is checked before any of the frame is buffered: a length beyond
/// <see cref="LengthPrefixOptions.MaxFrameLength"/> faults with <see cref="FrameTooLongException"/>, a
/// negative one with <see cref="InvalidLengthPrefixException"/>, and input that ends inside a frame with
/// <see cref="TruncatedFrameException"/>.</para>
/// <para>A frame inside one chunk is delivered as a slice of that chunk, without copying; a frame crossing
/// chunks is assembled in a pooled buffer. Either way it is lent until its delivery completes.</para>
/// </remarks>
public sealed class LengthPrefixDecoder : FrameDecoder
{
    private readonly LengthField _field;
    private readonly FrameAssembler _partial = new();
    private int _frameEnd;

    /// <summary>Creates a decoder for frames shaped as <paramref name="options"/> say.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public LengthPrefixDecoder(LengthPrefixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _field = new LengthField(options);
    }

    /// <inheritdoc/>
    protected override bool TryDecode(ref ReadOnlyMemory<byte> input, out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        if (input.IsEmpty)
        {
            return false;
        }

        var held = _partial.Length;
        if (held == 0)
        {
            var span = input.Span;
            if (span.Length >= _field.HeaderLength)
            {
                var end = _field.ReadFrameEnd(span);
                if (span.Length >= end)
                {
                    frame = input[_field.BytesToSkip..end];
                    input = input[end..];
                    return true;
                }

                _frameEnd = end;
            }

            _partial.Append(span);
            input = default;
            return false;
        }

        if (held < _field.HeaderLength)
        {
            held += Take(ref input, _field.HeaderLength - held);
            if (held < _field.HeaderLength)
            {
                return false;
            }

            _frameEnd = _field.ReadFrameEnd(_partial.WrittenSpan);
        }

        held += Take(ref input, _frameEnd - held);
        if (held < _frameEnd)
        {
            return false;
        }

        frame = _partial.TakeFrame(_field.BytesToSkip, _frameEnd - _field.BytesToSkip);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeAtEnd(out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        var held = _partial.Length;
        if (held == 0)
        {
            return false;
        }

        ThrowHelper.ThrowTruncatedFrame(held, held < _field.HeaderLength
            ? $"but the frame header is {_field.HeaderLength} bytes long"
            : $"but the length prefix announced {_frameEnd}");
        return false;
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffers() => _partial.Release();

    private int Take(ref ReadOnlyMemory<byte> input, int wanted)
    {
        var count = Math.Min(wanted, input.Length);
        _partial.Append(input.Span[..count]);
        input = input[count..];
        return count;
    }
}
