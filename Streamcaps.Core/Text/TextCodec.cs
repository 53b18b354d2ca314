using System.Text;

namespace Streamcaps.Text;

/// <summary>An encoding set up for one <see cref="InvalidTextHandling"/>, and the errors it reports.</summary>
internal static class TextCodec
{
    private const char ReplacementCharacter = '\uFFFD';

    /// <summary>A copy of <paramref name="encoding"/> whose decoder and encoder fail or replace, as asked.</summary>
    public static Encoding Configure(Encoding encoding, InvalidTextHandling handling)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (!Enum.IsDefined(handling))
        {
            throw new ArgumentOutOfRangeException(nameof(handling), handling, "Unknown invalid text handling.");
        }

        var configured = (Encoding)encoding.Clone();
        if (handling == InvalidTextHandling.Fail)
        {
            configured.DecoderFallback = DecoderFallback.ExceptionFallback;
            configured.EncoderFallback = EncoderFallback.ExceptionFallback;
        }
        else
        {
            configured.DecoderFallback = new DecoderReplacementFallback(ReplacementCharacter.ToString());
            configured.EncoderFallback = new EncoderReplacementFallback(CanEncode(encoding, ReplacementCharacter) ? ReplacementCharacter.ToString() : "?");
        }

        return configured;
    }

    public static InvalidTextException InvalidBytes(Encoding encoding, DecoderFallbackException invalid, bool atEnd)
    {
        var shown = Convert.ToHexString(invalid.BytesUnknown ?? []);
        var name = NameOf(encoding);
        return Create(
            encoding,
            atEnd
                ? $"The input ended in the middle of a {name} character (bytes 0x{shown} were left)."
                : $"The input is not valid {name}: bytes 0x{shown} at index {invalid.Index} of the chunk.",
            invalid);
    }

    public static InvalidTextException UnencodableText(Encoding encoding, EncoderFallbackException invalid)
    {
        var unknown = invalid.CharUnknown != 0 ? invalid.CharUnknown : invalid.CharUnknownHigh;
        var what = char.IsSurrogate(unknown)
            ? $"an unpaired surrogate U+{(int)unknown:X4}"
            : $"U+{(int)unknown:X4}, which it cannot represent,";
        return Create(encoding, $"The text cannot be encoded as {NameOf(encoding)}: {what} at index {invalid.Index}.", invalid);
    }

    private static InvalidTextException Create(Encoding encoding, string message, Exception cause) =>
        encoding.CodePage == Encoding.UTF8.CodePage ? new InvalidUtf8Exception(message, cause) : new InvalidTextException(message, cause);

    private static string NameOf(Encoding encoding) => encoding.WebName.ToUpperInvariant();

    private static bool CanEncode(Encoding encoding, char character)
    {
        var strict = (Encoding)encoding.Clone();
        strict.EncoderFallback = EncoderFallback.ExceptionFallback;
        try
        {
            strict.GetByteCount([character]);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
