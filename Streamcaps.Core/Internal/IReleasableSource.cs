namespace Streamcaps.Internal;

/// <summary>
/// A source that holds a resource of its own (a file or stream it opened or was given to own, a pooled buffer)
/// and must let go of it when the flow that reads it stops before the source's end: the sink failed, the flow was
/// cancelled, or a pump downstream finished early (<c>TakeWhile</c>). A source that reaches its end releases by
/// itself; <see cref="Flow"/> calls <see cref="ReleaseAsync"/> when a flow from such a source ended any other
/// way, and a pumped source passes the call on to its upstream.
/// </summary>
/// <remarks>The flow does not take ownership of sources in general: only the library's own resource-holding
/// sources implement this, and only to release what they opened or were told to own.</remarks>
internal interface IReleasableSource
{
    /// <summary>Releases what the source holds; later calls signal the end. Called with no call of the source in
    /// flight. Harmless when the source ended already, and when called again. Never throws for a failure to
    /// close: the resource is released either way.</summary>
    ValueTask ReleaseAsync();
}
