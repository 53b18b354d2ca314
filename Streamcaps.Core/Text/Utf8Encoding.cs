using System.Buffers;
using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// The UTF-8 encoding state shared by <see cref="Utf8Encoder"/> and <see cref="Utf8StringEncoder"/>:
/// an <see cref="Encoder"/> that carries a surrogate pair split across chunks, and a pooled byte buffer.
/// </summary>
internal sealed class Utf8Encoding
{
    private readonly Encoder _encoder;
    private byte[] _bytes = [];

    public Utf8Encoding(InvalidTextHandling handling)
    {
        if (!Enum.IsDefined(handling))
        {
            throw new ArgumentOutOfRangeException(nameof(handling), handling, "Unknown invalid text handling.");
        }

        _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: handling == InvalidTextHandling.Fail).GetEncoder();
    }

    /// <summary>Encodes <paramref name="chars"/>; the bytes are valid until the next call.</summary>
    /// <exception cref="InvalidUtf8Exception">An unpaired surrogate (in <see cref="InvalidTextHandling.Fail"/> mode).</exception>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<char> chars, bool final)
    {
        // Three bytes per char at most, plus four for a carried high surrogate completed now.
        var needed = (chars.Length * 3) + 4;
        if (_bytes.Length < needed)
        {
            Release();
            _bytes = ArrayPool<byte>.Shared.Rent(needed);
        }

        try
        {
            var count = _encoder.GetBytes(chars, _bytes, final);
            return _bytes.AsMemory(0, count);
        }
        catch (EncoderFallbackException invalid)
        {
            throw new InvalidUtf8Exception(
                $"The text cannot be encoded as UTF-8: an unpaired surrogate U+{(int)(invalid.CharUnknown != 0 ? invalid.CharUnknown : invalid.CharUnknownHigh):X4} at index {invalid.Index}.",
                invalid);
        }
    }

    public void Release()
    {
        var bytes = _bytes;
        _bytes = [];
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
