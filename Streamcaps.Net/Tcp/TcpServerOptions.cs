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
    /// <see cref="Server.FailedConnections"/>. Without a callback, failures go to
    /// <see cref="System.Diagnostics.Trace"/>. Called on a pool thread; an exception it throws is traced and
    /// otherwise ignored.</summary>
    public Action<ServerFailure>? OnFailure { get; init; }
}
