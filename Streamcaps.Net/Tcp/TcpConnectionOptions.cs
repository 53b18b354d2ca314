namespace Streamcaps.Net;

/// <summary>The tunables of one TCP connection, client or server side. Every property validates its value
/// when it is set, so a bad option fails where it is written.</summary>
public sealed class TcpConnectionOptions
{
    /// <summary>The options used when none are given.</summary>
    public static TcpConnectionOptions Default { get; } = new();

    private readonly int _receiveBufferSize = 64 * 1024;
    private readonly int _maxReceiveBufferSize = 1024 * 1024;
    private readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _idleReadTimeout = Timeout.InfiniteTimeSpan;

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

    /// <summary>Keep-alive probing; <see langword="null"/> (the default) leaves it off.</summary>
    public TcpKeepAliveOptions? KeepAlive { get; init; }

    private static TimeSpan RequirePositiveOrInfinite(TimeSpan value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        // Callers pass the option's name: the exception names the option, not the setter's "value".
        return OptionGuard.PositiveOrInfinite(value, name!);
    }
}
