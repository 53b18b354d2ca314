namespace Streamcaps.Framing;

/// <summary>
/// A frame received is longer than the decoder's maximum frame length: a line without its terminator within the
/// limit, or a length prefix announcing more than the limit. (A frame given to an encoder to send that exceeds
/// the encoder's limit is the sender's own bug: <see cref="OutgoingFrameTooLongException"/>.)
/// </summary>
/// <remarks>The pump fails as soon as the limit is crossed, so it never holds more than the limit in memory.</remarks>
public class FrameTooLongException : FramingException
{
    /// <summary>Creates the exception with a default message.</summary>
    public FrameTooLongException()
        : base("A frame is longer than the maximum frame length.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public FrameTooLongException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public FrameTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a frame of <paramref name="frameLength"/> bytes (exactly, when a
    /// length prefix announced it, or at least, when the limit was crossed before the frame's end was seen)
    /// against a limit of <paramref name="maxFrameLength"/> bytes.</summary>
    public FrameTooLongException(long frameLength, long maxFrameLength, bool lengthIsExact)
        : base($"A frame of {(lengthIsExact ? "" : "at least ")}{frameLength} bytes exceeds the maximum frame length of {maxFrameLength} bytes.")
    {
        FrameLength = frameLength;
        MaxFrameLength = maxFrameLength;
    }

    /// <summary>The frame's length in bytes as far as it was known when the limit was crossed (a lower
    /// bound when no length prefix announced it).</summary>
    public long FrameLength { get; }

    /// <summary>The limit that was exceeded.</summary>
    public long MaxFrameLength { get; }
}
