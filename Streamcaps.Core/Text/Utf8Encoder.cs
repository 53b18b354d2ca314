using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Encodes chunks of characters as UTF-8 (the <see cref="TextEncoder"/> for UTF-8), right when a surrogate pair
/// is split across chunks. Unpaired surrogates fault the flow with <see cref="InvalidUtf8Exception"/> or
/// become U+FFFD, by <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// The bytes live in a pooled buffer the encoder reuses: they are lent until the delivery completes.
/// Allocates nothing per chunk. For <see cref="string"/> items, use <see cref="Utf8StringEncoder"/>.
/// </remarks>
public sealed class Utf8Encoder : TextEncoder
{
    /// <summary>Creates an encoder.</summary>
    /// <param name="invalidText">What to do with unpaired surrogates.</param>
    public Utf8Encoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail)
        : base(Encoding.UTF8, invalidText)
    {
    }
}
