using System.Diagnostics;
using System.Net;

namespace Streamcaps.Net;

/// <summary>What a server remembers of one connection for its telemetry, from accept to close: when it began,
/// whether it was counted as active (a listener that subscribes later must not see it leave without having
/// seen it come), its activity, and the failure that ended it, if any.</summary>
internal struct ConnectionScope
{
    public ConnectionScope(EndPoint remoteEndPoint, long startTimestamp, bool countedActive, Activity? activity)
    {
        RemoteEndPoint = remoteEndPoint;
        StartTimestamp = startTimestamp;
        CountedActive = countedActive;
        Activity = activity;
    }

    public EndPoint RemoteEndPoint { get; }

    public long StartTimestamp { get; }

    public bool CountedActive { get; }

    public Activity? Activity { get; }

    /// <summary>What ended the connection, when its handler or setup failed.</summary>
    public Exception? Failure { get; set; }
}
