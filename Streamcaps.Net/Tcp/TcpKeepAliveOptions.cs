namespace Streamcaps.Net;

/// <summary>TCP keep-alive probing for a connection (<c>SO_KEEPALIVE</c> and its timings), so a peer that
/// vanished without a FIN or RST is detected on an otherwise idle connection.</summary>
public sealed class TcpKeepAliveOptions
{
    private readonly TimeSpan _time = TimeSpan.FromMinutes(2);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(10);
    private readonly int _retryCount = 5;

    /// <summary>How long the connection stays idle before the first probe. Whole seconds, at least one.
    /// Default: two minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one second.</exception>
    public TimeSpan Time
    {
        get => _time;
        init => _time = OptionGuard.AtLeast(value, TimeSpan.FromSeconds(1));
    }

    /// <summary>The time between unanswered probes. Whole seconds, at least one. Default: ten seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one second.</exception>
    public TimeSpan Interval
    {
        get => _interval;
        init => _interval = OptionGuard.AtLeast(value, TimeSpan.FromSeconds(1));
    }

    /// <summary>How many unanswered probes end the connection (the source then aborts with a
    /// <see cref="System.Net.Sockets.SocketException"/>). Default: five.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one.</exception>
    public int RetryCount
    {
        get => _retryCount;
        init => _retryCount = OptionGuard.AtLeast(value, 1);
    }
}
