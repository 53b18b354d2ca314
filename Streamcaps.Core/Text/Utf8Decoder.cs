using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Decodes a UTF-8 byte stream into chunks of characters: the <see cref="TextDecoder"/> for UTF-8. Invalid
/// bytes fault the flow with <see cref="InvalidUtf8Exception"/> or become U+FFFD, by
/// <see cref="InvalidTextHandling"/>; so does input that ends in the middle of a character.
/// </summary>
/// <remarks>
/// Each input chunk gives at most one output chunk (none when it only held part of a character). The
/// characters live in a pooled buffer the decoder reuses: they are lent until the delivery completes.
/// Allocates nothing per chunk. A decoder belongs to one flow. For a <see cref="string"/> per chunk
/// (e.g. per line after a <see cref="Framing.LineDecoder"/>), use <see cref="Utf8StringDecoder"/>.
/// </remarks>
public sealed class Utf8Decoder : TextDecoder
{
    /// <summary>Creates a decoder.</summary>
    /// <param name="invalidText">What to do with bytes that are not UTF-8.</param>
    public Utf8Decoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail)
        : base(Encoding.UTF8, invalidText)
    {
    }
}
