namespace Streamcaps.Net;

/// <summary>Where a connection is in its life (m2stream's <c>StreamState</c>), as
/// <c>connection.State</c> (<see cref="ConnectionFeatures"/>) reports it.</summary>
public enum ConnectionState
{
    /// <summary>Both directions are open.</summary>
    Open,

    /// <summary>No more bytes will be read: the peer half-closed (TCP FIN, TLS close_notify) and the source
    /// delivered the end, or this side stopped reading (<see cref="ConnectionFeatures.ShutdownReceive"/>).
    /// Writing goes on.</summary>
    ReceiveClosed,

    /// <summary>This side half-closed: the sink was completed (FIN, TLS close_notify then FIN). Reading goes on
    /// (m2stream's <c>ShutdownWr</c>).</summary>
    SendClosed,

    /// <summary>Both directions ended cleanly, or the connection was disposed.</summary>
    Closed,

    /// <summary>The connection failed: reset by the peer, aborted by this side, timed out, or broken; the
    /// failure is in <c>connection.Failure</c>.</summary>
    Failed,
}
