using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Encodes each <see cref="string"/> as UTF-8 (the <see cref="StringEncoder"/> for UTF-8; add a
/// <see cref="Framing.LineEncoder"/> after it for lines). Unpaired surrogates fault the flow with
/// <see cref="InvalidUtf8Exception"/> or become U+FFFD, by <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// The bytes live in a pooled buffer the encoder reuses: they are lent until the delivery completes.
/// Allocates nothing per string. An empty string gives an empty chunk.
/// </remarks>
public sealed class Utf8StringEncoder : StringEncoder
{
    /// <summary>Creates an encoder.</summary>
    /// <param name="invalidText">What to do with unpaired surrogates.</param>
    public Utf8StringEncoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail)
        : base(Encoding.UTF8, invalidText)
    {
    }
}
