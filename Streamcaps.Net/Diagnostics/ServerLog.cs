using System.Net;
using Microsoft.Extensions.Logging;

namespace Streamcaps.Net;

/// <summary>
/// The events a server logs, source-generated: each checks the logger's level before it formats or allocates
/// anything. Event ids are stable (the README lists them); levels are the ones an operator would pick: a
/// fault in the application's own code is an error, a peer that misbehaves or goes quiet is information, a
/// limit that turns connections away is a warning.
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, EventName = "ServerListening", Level = LogLevel.Information,
        Message = "Streamcaps server listening on {LocalEndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint localEndPoint);

    [LoggerMessage(EventId = 2, EventName = "ConnectionAccepted", Level = LogLevel.Debug,
        Message = "Connection from {RemoteEndPoint} accepted on {LocalEndPoint}")]
    public static partial void ConnectionAccepted(ILogger logger, EndPoint remoteEndPoint, EndPoint localEndPoint);

    [LoggerMessage(EventId = 3, EventName = "ConnectionClosed", Level = LogLevel.Debug,
        Message = "Connection from {RemoteEndPoint} closed after {DurationMs} ms")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint remoteEndPoint, double durationMs);

    [LoggerMessage(EventId = 10, EventName = "ConnectionRejected", Level = LogLevel.Warning,
        Message = "Connection from {RemoteEndPoint} reset at once: the server already runs MaxConnections = {MaxConnections} connections")]
    public static partial void ConnectionRejected(ILogger logger, EndPoint remoteEndPoint, int maxConnections);

    [LoggerMessage(EventId = 20, EventName = "AcceptFailed", Level = LogLevel.Error,
        Message = "Accepting a connection on {LocalEndPoint} failed; the server goes on accepting")]
    public static partial void AcceptFailed(ILogger logger, EndPoint localEndPoint, Exception exception);

    [LoggerMessage(EventId = 21, EventName = "HandshakeFailed", Level = LogLevel.Information,
        Message = "TLS handshake with {RemoteEndPoint} failed; the connection was reset")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 22, EventName = "HandshakeTimedOut", Level = LogLevel.Information,
        Message = "TLS handshake with {RemoteEndPoint} timed out; the connection was reset")]
    public static partial void HandshakeTimedOut(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 23, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "The handler of the connection from {RemoteEndPoint} threw; the connection was reset")]
    public static partial void HandlerFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 24, EventName = "ConnectionTimedOut", Level = LogLevel.Information,
        Message = "The connection from {RemoteEndPoint} timed out; the connection was reset")]
    public static partial void ConnectionTimedOut(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 25, EventName = "ConnectionFailed", Level = LogLevel.Information,
        Message = "The connection from {RemoteEndPoint} failed in transport (the peer reset it, or sent what could not be read); the connection was reset")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(EventId = 30, EventName = "FailureCallbackFailed", Level = LogLevel.Error,
        Message = "TcpServerOptions.OnFailure threw while reporting a failure of the server on {LocalEndPoint}")]
    public static partial void FailureCallbackFailed(ILogger logger, EndPoint localEndPoint, Exception exception);
}
