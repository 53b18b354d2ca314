namespace Streamcaps.Framing;

/// <summary>
/// The input ended in the middle of a frame: a last line without its terminator (when that is not allowed),
/// a length-prefixed frame shorter than its prefix announced, a partial fixed-size record.
/// </summary>
public class TruncatedFrameException : FramingException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TruncatedFrameException()
        : base("The input ended in the middle of a frame.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public TruncatedFrameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public TruncatedFrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="receivedLength"/> bytes left at the end, with
    /// what was still expected.</summary>
    public TruncatedFrameException(int receivedLength, string expected)
        : base($"The input ended in the middle of a frame: {receivedLength} bytes were received, {expected}.")
    {
        ReceivedLength = receivedLength;
    }

    /// <summary>How many bytes of the unfinished frame were received before the end.</summary>
    public int ReceivedLength { get; }
}
