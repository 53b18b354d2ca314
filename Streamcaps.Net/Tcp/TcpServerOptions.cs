namespace Streamcaps.Net;

/// <summary>The tunables of a TCP server: how it listens, how many connections it serves at once, the
/// options of each accepted connection, and where its failures are reported.</summary>
public sealed class TcpServerOptions
{
    /// <summary>The options used when none are given.</summary>
    public static TcpServerOptions Default { get; } = new();

    private readonly int _backlog = 512;
    private readonly int _maxConnections = int.MaxValue;
    private readonly TcpConnectionOptions _connection = TcpConnectionOptions.Default;
    private readonly TimeSpan _shutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How many connections the operating system may queue before the server accepts them.
    /// Default: 512.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one.</exception>
    public int Backlog
    {
        get => _backlog;
        init => _backlog = OptionGuard.AtLeast(value, 1);
    }

    /// <summary>How many connections run at once. A connection accepted beyond it is reset at once, its
    /// handler never runs, and it is counted in <see cref="Server.RejectedConnections"/> (Mnet's
    /// <c>max</c>). Default: no limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one.</exception>
    public int MaxConnections
    {
        get => _maxConnections;
        init => _maxConnections = OptionGuard.AtLeast(value, 1);
    }

    /// <summary>The options of every accepted connection (its <see cref="TcpConnectionOptions.ConnectTimeout"/>
    /// is not used).</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public TcpConnectionOptions Connection
    {
        get => _connection;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _connection = value;
        }
    }

    /// <summary>Called for every failure the server absorbs so that it keeps serving: a handler that threw,
    /// a connection whose setup (a TLS handshake) failed, an accept that failed. Each is also counted in
    /// <see cref="Server.FailedConnections"/> and logged to <see cref="LoggerFactory"/> when one is set. With
    /// neither a callback nor a logger factory, failures are written to standard error, one line each. Called on
    /// a pool thread; an exception it throws is logged and otherwise ignored.</summary>
    public Action<ServerFailure>? OnFailure { get; init; }

    /// <summary>How long <see cref="Server.StopAsync()"/> lets connections finish before it resets the ones still
    /// open (as Kestrel's <c>ShutdownTimeout</c>). <see cref="Timeout.InfiniteTimeSpan"/> waits for every
    /// connection to end; <see cref="TimeSpan.Zero"/> resets at once. Default: 30 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan ShutdownTimeout
    {
        get => _shutdownTimeout;
        init
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    "ShutdownTimeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
            }

            _shutdownTimeout = value;
        }
    }

    /// <summary>Whether a stopping server ends each connection's source at the next item boundary, as if the
    /// peer had half-closed, so that a flow from it completes its sink (the peer sees every delivered byte,
    /// then a FIN) with no code in the handler. Set it to false when the peer must not see a cut stream as a
    /// complete one, as in a proxy that forwards the client's end of input upstream: the handlers then learn
    /// of the stop through their stopping token only, and what they leave open is reset at the deadline.
    /// Default: true.</summary>
    public bool EndSourcesOnStop { get; init; } = true;

    /// <summary>Where the server logs its events (category <see cref="StreamcapsNetDiagnostics.LoggerCategory"/>):
    /// listening, connections accepted and closed (debug), connections rejected at
    /// <see cref="MaxConnections"/> (warning), failed and timed-out handshakes, timeouts and transport failures
    /// (information), handlers that threw and failed accepts (error), each with a stable event id. Default: none;
    /// then failures go to <see cref="OnFailure"/>, or to standard error when that is not set either.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }
}
