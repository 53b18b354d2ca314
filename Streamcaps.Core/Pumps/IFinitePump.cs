namespace Streamcaps.Pumps;

/// <summary>
/// A pump that can finish before its input ends (<c>TakeWhile</c>): after that it takes no more input, so a
/// source it is applied to stops pulling upstream instead of draining a possibly endless source.
/// </summary>
internal interface IFinitePump
{
    /// <summary>Whether the pump will deliver nothing more, whatever comes.</summary>
    bool IsFinished { get; }
}
