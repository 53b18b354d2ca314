namespace Streamcaps.Net.Memory;

/// <summary>How much an in-memory connection buffers in each direction.</summary>
public sealed class MemoryConnectionOptions
{
    /// <summary>The default buffer size: 64 KiB per direction.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>
    /// How many unread bytes a direction holds before a sender's delivery waits for the reader. 0 is
    /// lockstep (Trio's <c>lockstep_stream_pair</c>): every delivery completes only once the peer has taken
    /// all of it. <see cref="int.MaxValue"/> is, in practice, unbounded (Trio's <c>memory_stream_pair</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int BufferSize
    {
        get;
        init => field = OptionGuard.AtLeast(value, 0);
    } = DefaultBufferSize;

    /// <summary>Options for a lockstep pair: no buffering at all.</summary>
    /// <remarks>Every write waits for the peer to read, which makes protocols that write without the peer
    /// reading visible: a TLS 1.3 server's handshake, for one, ends by sending session tickets, so it
    /// completes only once the client reads from its connection.</remarks>
    public static MemoryConnectionOptions Lockstep { get; } = new() { BufferSize = 0 };
}
