namespace Streamcaps.Framing;

/// <summary>
/// The input of a framing pump is malformed: the root of the framing errors, so one <c>catch</c> handles
/// every kind of bad frame.
/// </summary>
/// <remarks>
/// It derives from <see cref="IOException"/>, like the base library's other errors for a peer that sent
/// malformed data (<c>HttpIOException</c>, Kestrel's <c>BadHttpRequestException</c>): code that handles a
/// failed connection handles a malformed one too. (<see cref="InvalidDataException"/> would say the same
/// but is sealed.)
/// </remarks>
public class FramingException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public FramingException()
        : base("The framed input is malformed.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public FramingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public FramingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
