namespace Streamcaps.Text;

/// <summary>
/// Bytes that are not UTF-8 reached a decoder (or unpaired surrogates an encoder) whose
/// <see cref="InvalidTextHandling"/> is <see cref="InvalidTextHandling.Fail"/>; also the input ending in the
/// middle of a character. The UTF-8 case of <see cref="InvalidTextException"/>.
/// </summary>
/// <remarks>An <see cref="IOException"/> like <see cref="Framing.FramingException"/>: the peer sent
/// malformed data.</remarks>
public class InvalidUtf8Exception : InvalidTextException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidUtf8Exception()
        : base("The input is not valid UTF-8.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public InvalidUtf8Exception(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public InvalidUtf8Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
