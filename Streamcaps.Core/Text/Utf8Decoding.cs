using System.Buffers;
using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// The UTF-8 decoding state shared by <see cref="Utf8Decoder"/> and <see cref="Utf8StringDecoder"/>:
/// a <see cref="Decoder"/> that carries a character split across chunks, and a pooled char buffer.
/// </summary>
internal sealed class Utf8Decoding
{
    private readonly Decoder _decoder;
    private char[] _chars = [];

    public Utf8Decoding(InvalidTextHandling handling)
    {
        if (!Enum.IsDefined(handling))
        {
            throw new ArgumentOutOfRangeException(nameof(handling), handling, "Unknown invalid text handling.");
        }

        _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: handling == InvalidTextHandling.Fail).GetDecoder();
    }

    /// <summary>Decodes <paramref name="bytes"/>; the characters are valid until the next call.</summary>
    /// <param name="bytes">The next chunk; a character it ends in the middle of is completed by the next one.</param>
    /// <param name="final">Whether this is the end: a character still incomplete is then invalid.</param>
    /// <exception cref="InvalidUtf8Exception">The bytes are not UTF-8 (in <see cref="InvalidTextHandling.Fail"/> mode).</exception>
    public ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> bytes, bool final)
    {
        // A carried partial character adds at most one char of its own to what these bytes make.
        var needed = bytes.Length + 2;
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
            var shown = Convert.ToHexString(invalid.BytesUnknown ?? []);
            throw new InvalidUtf8Exception(
                final && bytes.IsEmpty
                    ? $"The input ended in the middle of a UTF-8 character (bytes 0x{shown} were left)."
                    : $"The input is not valid UTF-8: bytes 0x{shown} at index {invalid.Index} of the chunk.",
                invalid);
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
