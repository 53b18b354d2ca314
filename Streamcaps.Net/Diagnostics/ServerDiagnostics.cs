using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Streamcaps.Net;

/// <summary>
/// One server's logging, metrics and tracing, so that <see cref="Server"/> and its connections only say what
/// happened. The server's tags (<c>network.transport</c>, <c>network.type</c>, <c>server.address</c>,
/// <c>server.port</c>) are built once and reused by every measurement: the byte counters add per chunk without
/// allocating, and with no listener each measurement is a branch.
/// </summary>
internal sealed class ServerDiagnostics
{
    private static readonly object TimeoutKindIdleRead = "idle_read";
    private static readonly object TimeoutKindTlsHandshake = "tls_handshake";

    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly EndPoint _localEndPoint;
    private readonly int _maxConnections;

    public ServerDiagnostics(EndPoint localEndPoint, TcpServerOptions options)
    {
        _localEndPoint = localEndPoint;
        _maxConnections = options.MaxConnections;
        var ip = localEndPoint as IPEndPoint;
        _tags =
        [
            new("network.transport", "tcp"),
            new("network.type", ip?.AddressFamily == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4"),
            new("server.address", ip?.Address.ToString() ?? localEndPoint.ToString()),
            new("server.port", ip?.Port ?? 0),
        ];
        Logger = options.LoggerFactory?.CreateLogger(StreamcapsNetDiagnostics.LoggerCategory)
            ?? (options.OnFailure is null ? StandardErrorLogger.Instance : null);
    }

    /// <summary>The server's logger; null when it reports only through <see cref="TcpServerOptions.OnFailure"/>.</summary>
    public ILogger? Logger { get; }

    public void Listening()
    {
        if (Logger is not null && Logger != StandardErrorLogger.Instance)
        {
            ServerLog.Listening(Logger, _localEndPoint);
        }
    }

    /// <summary>A connection was admitted: counts it as active and starts its activity.</summary>
    public ConnectionScope ConnectionOpened(EndPoint remoteEndPoint)
    {
        var countedActive = NetMeter.ActiveConnections.Enabled;
        if (countedActive)
        {
            NetMeter.ActiveConnections.Add(1, _tags);
        }

        var activity = NetActivitySource.Source.HasListeners() ? StartConnectionActivity(remoteEndPoint) : null;
        if (Logger is not null)
        {
            ServerLog.ConnectionAccepted(Logger, remoteEndPoint, _localEndPoint);
        }

        return new ConnectionScope(remoteEndPoint, Stopwatch.GetTimestamp(), countedActive, activity);
    }

    /// <summary>The connection's handler returned (or its setup failed) and the connection was released.</summary>
    public void ConnectionClosed(in ConnectionScope scope)
    {
        if (scope.CountedActive)
        {
            NetMeter.ActiveConnections.Add(-1, _tags);
        }

        var elapsed = Stopwatch.GetElapsedTime(scope.StartTimestamp);
        if (NetMeter.ConnectionDuration.Enabled)
        {
            var tags = new TagList(_tags);
            if (scope.Failure is { } failure)
            {
                tags.Add("error.type", ErrorType(failure));
            }

            NetMeter.ConnectionDuration.Record(elapsed.TotalSeconds, tags);
        }

        if (scope.Activity is { } activity)
        {
            if (scope.Failure is { } failure)
            {
                activity.SetTag("error.type", ErrorType(failure));
                activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            }

            activity.Dispose();
        }

        if (Logger is not null)
        {
            ServerLog.ConnectionClosed(Logger, scope.RemoteEndPoint, elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A connection was reset at once because <see cref="TcpServerOptions.MaxConnections"/> run.</summary>
    public void Rejected(EndPoint remoteEndPoint)
    {
        NetMeter.RejectedConnections.Add(1, _tags);
        if (Logger is not null)
        {
            ServerLog.ConnectionRejected(Logger, remoteEndPoint, _maxConnections);
        }
    }

    /// <summary>Bytes a server connection received; called per chunk, allocates nothing.</summary>
    public void BytesRead(int count)
    {
        if (NetMeter.BytesRead.Enabled)
        {
            NetMeter.BytesRead.Add(count, _tags);
        }
    }

    /// <summary>Bytes a server connection sent; called per chunk, allocates nothing.</summary>
    public void BytesWritten(int count)
    {
        if (NetMeter.BytesWritten.Enabled)
        {
            NetMeter.BytesWritten.Add(count, _tags);
        }
    }

    /// <summary>A server connection's <see cref="TcpConnectionOptions.IdleReadTimeout"/> fired.</summary>
    public void IdleReadTimedOut() => CountTimeout(TimeoutKindIdleRead);

    /// <summary>Wraps a connection's setup (the TLS handshake) so its duration, outcome and activity are recorded.</summary>
    public Func<IConnection, CancellationToken, Task<IConnection>>? MeasureHandshake(Func<IConnection, CancellationToken, Task<IConnection>>? setup) =>
        setup is null ? null : (transport, cancellationToken) => MeasureHandshakeAsync(setup, transport, cancellationToken);

    /// <summary>A failure the server absorbed: counted by type, and logged at the level its kind deserves.</summary>
    /// <param name="failure">The failure.</param>
    /// <param name="inTransport">Whether the accepted connection itself failed (a handler's I/O error is then the
    /// peer's doing, worth an information line; otherwise it is the handler's own failure, an error).</param>
    public void Failed(ServerFailure failure, bool inTransport)
    {
        var exception = failure.Exception;
        var tags = new TagList(_tags)
        {
            { "error.type", ErrorType(exception) },
            { "streamcaps.failure.kind", KindName(failure.Kind) },
        };
        NetMeter.Errors.Add(1, tags);
        if (failure.Kind == ServerFailureKind.Setup && exception is TimeoutException)
        {
            CountTimeout(TimeoutKindTlsHandshake);
        }

        if (Logger is not { } logger)
        {
            return;
        }

        var peer = failure.RemoteEndPoint;
        switch (failure.Kind)
        {
            case ServerFailureKind.Accept:
                ServerLog.AcceptFailed(logger, _localEndPoint, exception);
                break;
            case ServerFailureKind.Setup when exception is TimeoutException:
                ServerLog.HandshakeTimedOut(logger, peer, exception);
                break;
            case ServerFailureKind.Setup:
                ServerLog.HandshakeFailed(logger, peer, exception);
                break;
            case ServerFailureKind.Handler when exception is TimeoutException:
                ServerLog.ConnectionTimedOut(logger, peer, exception);
                break;
            case ServerFailureKind.Handler when inTransport && exception is IOException or SocketException or AuthenticationException:
                ServerLog.ConnectionFailed(logger, peer, exception);
                break;
            default:
                ServerLog.HandlerFailed(logger, peer, exception);
                break;
        }
    }

    /// <summary><see cref="TcpServerOptions.OnFailure"/> itself threw.</summary>
    public void FailureCallbackFailed(Exception exception)
    {
        NetMeter.Errors.Add(1, new TagList(_tags)
        {
            { "error.type", ErrorType(exception) },
            { "streamcaps.failure.kind", "callback" },
        });
        ServerLog.FailureCallbackFailed(Logger ?? StandardErrorLogger.Instance, _localEndPoint, exception);
    }

    private Activity? StartConnectionActivity(EndPoint remoteEndPoint)
    {
        var activity = NetActivitySource.Source.StartActivity(NetActivitySource.ConnectionActivity, ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            foreach (var tag in _tags)
            {
                activity.SetTag(tag.Key, tag.Value);
            }

            if (remoteEndPoint is IPEndPoint peer)
            {
                activity.SetTag("client.address", peer.Address.ToString());
                activity.SetTag("client.port", peer.Port);
            }
        }

        return activity;
    }

    private async Task<IConnection> MeasureHandshakeAsync(Func<IConnection, CancellationToken, Task<IConnection>> setup,
        IConnection transport, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var activity = NetActivitySource.Source.StartActivity(NetActivitySource.HandshakeActivity);
        IConnection connection;
        try
        {
            connection = await setup(transport, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            if (NetMeter.HandshakeDuration.Enabled)
            {
                NetMeter.HandshakeDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds,
                    new TagList(_tags) { { "error.type", ErrorType(failure) } });
            }

            activity?.SetTag("error.type", ErrorType(failure));
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            throw;
        }

        var version = connection is TlsConnection tls ? ProtocolVersion(tls.Protocol) : null;
        if (NetMeter.HandshakeDuration.Enabled)
        {
            var tags = new TagList(_tags);
            if (version is not null)
            {
                tags.Add("tls.protocol.version", version);
            }

            NetMeter.HandshakeDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, tags);
        }

        activity?.SetTag("tls.protocol.version", version);
        return connection;
    }

    private void CountTimeout(object kind)
    {
        if (NetMeter.Timeouts.Enabled)
        {
            NetMeter.Timeouts.Add(1, new TagList(_tags) { { "streamcaps.timeout.kind", kind } });
        }
    }

    /// <summary>The OpenTelemetry <c>error.type</c> of an exception: its full type name, low in cardinality.</summary>
    private static string ErrorType(Exception exception) => exception.GetType().FullName ?? exception.GetType().Name;

    private static string KindName(ServerFailureKind kind) => kind switch
    {
        ServerFailureKind.Accept => "accept",
        ServerFailureKind.Setup => "setup",
        _ => "handler",
    };

    /// <summary>The OpenTelemetry <c>tls.protocol.version</c>: "1.2", "1.3" (older versions stay untagged).</summary>
    private static string? ProtocolVersion(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "1.3",
        SslProtocols.Tls12 => "1.2",
        _ => null,
    };
}
