namespace Streamcaps.Net;

/// <summary>The tunables of one TCP connection, client or server side. Every property validates its value
/// when it is set, so a bad option fails where it is written.</summary>
public sealed class TcpConnectionOptions
{
    /// <summary>The <see cref="WriteTimeout"/> of a connection a server accepted, when none is set: 60 seconds
    /// (as nginx's <c>send_timeout</c>).</summary>
    public static readonly TimeSpan DefaultServerWriteTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="LingerTimeout"/>: 5 seconds (as nginx's <c>lingering_timeout</c>).</summary>
    public static readonly TimeSpan DefaultLingerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The options used when none are given.</summary>
    public static TcpConnectionOptions Default { get; } = new();

    private readonly int _receiveBufferSize = 64 * 1024;
    private readonly int _maxReceiveBufferSize = 1024 * 1024;
    private readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _idleReadTimeout = Timeout.InfiniteTimeSpan;
    private readonly TimeSpan? _writeTimeout;
    private readonly TimeSpan _lingerTimeout = DefaultLingerTimeout;

    /// <summary>The size of the pooled buffer the source reads into when it does not know how much has arrived.
    /// The buffer is rented only while data is arriving: an idle connection holds none. Default: 64 KiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one byte.</exception>
    public int ReceiveBufferSize
    {
        get => _receiveBufferSize;
        init
        {
            _receiveBufferSize = OptionGuard.AtLeast(value, 1);
        }
    }

    /// <summary>The largest read, and so the largest chunk the source delivers. When a read filled its buffer,
    /// the source asks the socket how much more is queued and reads up to this much in one call, into a bigger
    /// pooled buffer: a fast stream then costs fewer system calls and fewer deliveries per byte (about 40 % less
    /// server processor time per MiB in the bulk echo benchmark), and a trickle never rents more than
    /// <see cref="ReceiveBufferSize"/>. At or below <see cref="ReceiveBufferSize"/>, reads never grow and every
    /// chunk is at most <see cref="ReceiveBufferSize"/> bytes. Default: 1 MiB (as Kestrel's largest request
    /// buffer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one byte.</exception>
    public int MaxReceiveBufferSize
    {
        get => _maxReceiveBufferSize;
        init
        {
            _maxReceiveBufferSize = OptionGuard.AtLeast(value, 1);
        }
    }

    /// <summary>Whether the source waits for data before it rents its receive buffer (as Kestrel's option of the
    /// same name). On (the default), an idle connection holds no buffer, which keeps ten thousand idle
    /// connections at a few KiB each; off, the source waits with the buffer in hand, at the price of
    /// <see cref="ReceiveBufferSize"/> per waiting connection, which saves a system call only when data is
    /// already there as the source starts waiting (.NET checks with a 1-byte peek; a wait that really waits is
    /// completed by epoll's wake-up at no extra call). An <see cref="IdleReadTimeout"/> always waits first.</summary>
    public bool WaitForDataBeforeAllocatingBuffer { get; init; } = true;

    /// <summary>Whether small writes go out at once (Nagle's algorithm off, <c>TCP_NODELAY</c>). Default: on,
    /// because a sink delivery already is a deliberate write.</summary>
    public bool NoDelay { get; init; } = true;

    /// <summary>How long <c>Tcp.ConnectAsync</c> tries (every address of the host, in turn) before it fails
    /// with <see cref="TimeoutException"/>; <see cref="Timeout.InfiniteTimeSpan"/> leaves it to the operating
    /// system. Not used by servers. Default: 30 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative, and not infinite.</exception>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        init => _connectTimeout = RequirePositiveOrInfinite(value, nameof(ConnectTimeout));
    }

    /// <summary>How long the source waits for the next bytes before it aborts its sink with
    /// <see cref="TimeoutException"/> (cl-async's read timeout). It counts only while the source is asked for
    /// data, so a slow consumer never trips it. Default: <see cref="Timeout.InfiniteTimeSpan"/>, no timeout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative, and not infinite.</exception>
    public TimeSpan IdleReadTimeout
    {
        get => _idleReadTimeout;
        init => _idleReadTimeout = RequirePositiveOrInfinite(value, nameof(IdleReadTimeout));
    }

    /// <summary>
    /// How long a delivery to the sink may make no progress before it faults with <see cref="TimeoutException"/>
    /// and the connection is reset (RST). A delivery makes progress each time the operating system accepts
    /// another 256 KiB of its chunk (or the rest of it), so a slow reader only trips it by taking less than
    /// that in the whole interval; a peer that never reads trips it for sure. TLS connections over TCP honour
    /// it (the TLS sink faults with the same <see cref="TimeoutException"/>).
    /// </summary>
    /// <remarks>
    /// <para>Default: <see langword="null"/>, which means <see cref="DefaultServerWriteTimeout"/> (60 seconds)
    /// on a connection a server accepted and <see cref="Timeout.InfiniteTimeSpan"/> on one a client opened.
    /// Why they differ: a TCP write to a peer that stopped reading never fails on its own (the kernel probes the
    /// closed window for ever), so a server without a limit lets any client pin a connection and the bytes it
    /// could not send, for ever. A client, on the other hand, usually talks to a server it chose, whose pause
    /// is its backpressure (a busy disk, a consumer that waits): failing that by default would turn a slow
    /// server into an error. Set a value on either side to change it.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative, and not infinite.</exception>
    public TimeSpan? WriteTimeout
    {
        get => _writeTimeout;
        init => _writeTimeout = value is { } timeout ? RequirePositiveOrInfinite(timeout, nameof(WriteTimeout)) : null;
    }

    /// <summary>
    /// How long closing a connection whose sink completed cleanly (a FIN went out) may wait for the peer to
    /// finish, reading away and dropping what it still sends, before the socket is closed anyway. Closing a
    /// socket while input is unread makes the operating system reset the connection, which drops what the peer
    /// had not received yet (the tail of the data, the FIN); reading to the peer's FIN first keeps the close a
    /// FIN. It applies when the connection is disposed before its source saw the end of the stream (for TLS:
    /// session tickets the writer never read are enough). <see cref="TimeSpan.Zero"/> closes at once.
    /// Default: <see cref="DefaultLingerTimeout"/> (5 seconds).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or infinite.</exception>
    public TimeSpan LingerTimeout
    {
        get => _lingerTimeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _lingerTimeout = value;
        }
    }

    /// <summary>Keep-alive probing; <see langword="null"/> (the default) leaves it off.</summary>
    public TcpKeepAliveOptions? KeepAlive { get; init; }

    /// <summary>The write timeout a connection uses: the one set, or the default of its side.</summary>
    internal TimeSpan EffectiveWriteTimeout(bool opened) =>
        _writeTimeout ?? (opened ? Timeout.InfiniteTimeSpan : DefaultServerWriteTimeout);

    private static TimeSpan RequirePositiveOrInfinite(TimeSpan value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        // Callers pass the option's name: the exception names the option, not the setter's "value".
        return OptionGuard.PositiveOrInfinite(value, name!);
    }
}
