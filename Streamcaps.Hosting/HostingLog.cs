using System.Net;
using Microsoft.Extensions.Logging;

namespace Streamcaps.Hosting;

/// <summary>The events of hosted servers, source-generated; ids follow those of Streamcaps.Net's server events.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 100, EventName = "HostedServerStarted", Level = LogLevel.Information,
        Message = "Streamcaps server '{Name}' listening on {LocalEndPoint} ({Transport})")]
    public static partial void Started(ILogger logger, string name, EndPoint localEndPoint, string transport);

    [LoggerMessage(EventId = 101, EventName = "HostedServerStopping", Level = LogLevel.Information,
        Message = "Streamcaps server '{Name}' stopping: {ActiveConnections} connections still open are given until the host's shutdown timeout to finish")]
    public static partial void Stopping(ILogger logger, string name, int activeConnections);

    [LoggerMessage(EventId = 102, EventName = "HostedServerStopped", Level = LogLevel.Information,
        Message = "Streamcaps server '{Name}' stopped after {Accepted} connections ({Failed} failed, {Rejected} rejected)")]
    public static partial void Stopped(ILogger logger, string name, long accepted, long failed, long rejected);
}
