using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Decodes UTF-8 bytes into one <see cref="string"/> per input chunk (the <see cref="StringDecoder"/> for
/// UTF-8): after a <see cref="Framing.LineDecoder"/>, one string per line. Invalid bytes fault the flow with
/// <see cref="InvalidUtf8Exception"/> or become U+FFFD, by <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// An empty chunk gives an empty string (an empty line is a line); a chunk holding only the start of a
/// character gives nothing. The strings are the caller's to keep: they allocate, by nature.
/// </remarks>
public sealed class Utf8StringDecoder : StringDecoder
{
    /// <summary>Creates a decoder.</summary>
    /// <param name="invalidText">What to do with bytes that are not UTF-8.</param>
    public Utf8StringDecoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail)
        : base(Encoding.UTF8, invalidText)
    {
    }
}
