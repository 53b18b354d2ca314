namespace Streamcaps.Text;

/// <summary>
/// Bytes that are not valid in their encoding reached a decoder, or characters the encoding cannot represent
/// (an unpaired surrogate, a character outside an 8-bit code page) an encoder, whose
/// <see cref="InvalidTextHandling"/> is <see cref="InvalidTextHandling.Fail"/>; also the input ending in the
/// middle of a character. For UTF-8 the exception is the derived <see cref="InvalidUtf8Exception"/>.
/// </summary>
/// <remarks>Derives from <see cref="IOException"/> like <see cref="Framing.FramingException"/>: the peer
/// sent malformed data.</remarks>
public class InvalidTextException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidTextException()
        : base("The input is not valid text in its encoding.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public InvalidTextException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public InvalidTextException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
