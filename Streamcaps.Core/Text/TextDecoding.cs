using System.Buffers;
using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// The decoding state shared by <see cref="TextDecoder"/> and <see cref="StringDecoder"/>: a
/// <see cref="Decoder"/> that carries a character split across chunks, and a pooled char buffer.
/// </summary>
internal sealed class TextDecoding
{
    // A carried partial character is at most a few bytes (UTF-8: 3, UTF-32 and GB18030: 3).
    private const int MaxCarriedBytes = 4;

    private readonly Encoding _encoding;
    private readonly Decoder _decoder;
    private char[] _chars = [];

    public TextDecoding(Encoding encoding, InvalidTextHandling handling)
    {
        _encoding = TextCodec.Configure(encoding, handling);
        _decoder = _encoding.GetDecoder();
    }

    /// <summary>Decodes <paramref name="bytes"/>; the characters are valid until the next call.</summary>
    /// <param name="bytes">The next chunk; a character it ends in the middle of is completed by the next one.</param>
    /// <param name="final">Whether this is the end: a character still incomplete is then invalid.</param>
    /// <exception cref="InvalidTextException">The bytes are not valid (in <see cref="InvalidTextHandling.Fail"/> mode).</exception>
    public ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> bytes, bool final)
    {
        var needed = _encoding.GetMaxCharCount(bytes.Length + MaxCarriedBytes);
        if (_chars.Length < needed)
        {
            Release();
            _chars = ArrayPool<char>.Shared.Rent(needed);
        }

        try
        {
            var count = _decoder.GetChars(bytes, _chars, final);
            return _chars.AsMemory(0, count);
        }
        catch (DecoderFallbackException invalid)
        {
            _decoder.Reset();
            throw TextCodec.InvalidBytes(_encoding, invalid, atEnd: final && bytes.IsEmpty);
        }
    }

    public void Release()
    {
        var chars = _chars;
        _chars = [];
        if (chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
