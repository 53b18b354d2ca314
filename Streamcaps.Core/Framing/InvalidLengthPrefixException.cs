namespace Streamcaps.Framing;

/// <summary>
/// A length prefix that cannot describe a frame: negative as a signed field, or negative once the
/// <see cref="LengthPrefixOptions.LengthAdjustment"/> is applied. (A prefix that is merely too large is a
/// <see cref="FrameTooLongException"/>.)
/// </summary>
public class InvalidLengthPrefixException : FramingException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidLengthPrefixException()
        : base("A length prefix does not describe a valid frame.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public InvalidLengthPrefixException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public InvalidLengthPrefixException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the prefix value <paramref name="lengthPrefix"/>, explained by
    /// <paramref name="reason"/>.</summary>
    public InvalidLengthPrefixException(Int128 lengthPrefix, string reason)
        : base($"The length prefix {lengthPrefix} is invalid: {reason}.")
    {
        LengthPrefix = (long)Int128.Clamp(lengthPrefix, long.MinValue, long.MaxValue);
    }

    /// <summary>The value read from the length field (clamped to the range of <see cref="long"/>).</summary>
    public long LengthPrefix { get; }
}
