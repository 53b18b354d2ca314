namespace Streamcaps.Net;

/// <summary>
/// A connection whose source a stopping <see cref="Server"/> can end at the next item boundary, so that a flow
/// from it completes its sink (FIN, or close_notify then FIN) instead of being reset.
/// </summary>
/// <remarks>
/// Ending the source this way is not the peer's half-close: what the peer sent and the source did not deliver
/// stays unread, and the receiving direction is not counted as finished, so the connection is not released
/// when its sink completes. The server reads and discards that input until the peer closes or the stop's
/// deadline passes, then closes, so that the close is a FIN and not the reset a socket closed with unread
/// input sends.
/// </remarks>
internal interface IStoppableConnection
{
    /// <summary>Ends the source: a delivery in progress finishes, then the source completes its sink, at once
    /// when it was waiting for the peer. Safe to call more than once and from any thread.</summary>
    void EndSource();
}
