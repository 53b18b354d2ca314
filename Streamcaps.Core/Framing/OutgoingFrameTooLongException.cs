namespace Streamcaps.Framing;

/// <summary>
/// A frame given to an encoder to send is longer than the encoder's limit (or than its length field can
/// describe). That is the sending application's bug, not the peer's, so it is an <see cref="ArgumentException"/>
/// rather than a <see cref="FramingException"/>: split the message, or raise the limit on both ends.
/// </summary>
/// <remarks>The limits of a codec are per direction: a too-long frame <em>received</em> is the peer's fault and
/// faults the decoder with <see cref="FrameTooLongException"/>.</remarks>
public class OutgoingFrameTooLongException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public OutgoingFrameTooLongException()
        : base("A frame to send is longer than the encoder's maximum frame length.")
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public OutgoingFrameTooLongException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public OutgoingFrameTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a frame of <paramref name="frameLength"/> bytes against the encoder's
    /// limit of <paramref name="maxFrameLength"/> bytes, naming the limit.</summary>
    public OutgoingFrameTooLongException(long frameLength, long maxFrameLength)
        : base($"A frame of {frameLength} bytes to send exceeds the encoder's maximum frame length of {maxFrameLength} bytes; "
            + "split the message or raise the limit (the peer's decoder must accept the new one too).", "frame")
    {
        FrameLength = frameLength;
        MaxFrameLength = maxFrameLength;
    }

    /// <summary>The length of the frame that was to be sent, in bytes.</summary>
    public long FrameLength { get; }

    /// <summary>The encoder's limit that was exceeded.</summary>
    public long MaxFrameLength { get; }
}
