namespace Streamcaps.Tests.Support;

/// <summary>How a <see cref="ScriptedSource"/> fails, if it does.</summary>
public enum SourceFailure
{
    None,

    /// <summary>It signals the failure with <see cref="ISink{T}.AbortAsync"/>, as the protocol asks.</summary>
    Signalled,

    /// <summary>Its <see cref="ISource{T}.RunAsync"/> throws instead.</summary>
    Thrown,
}

/// <summary>
/// A pull-only source (not one <see cref="Flow"/> can push from) that hands out 0, 1, 2, ... and then
/// completes, or fails at a given index the given way. It counts its calls, so a test can check that a flow
/// stopped pulling.
/// </summary>
public sealed class ScriptedSource(int count, SourceFailure failure = SourceFailure.None, Exception? problem = null) : ISource<int>
{
    private int _next;

    public Exception Problem { get; } = problem ?? new InvalidDataException("the scripted source failed");

    public int Calls { get; private set; }

    public ValueTask RunAsync(ISink<int> sink, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (_next < count)
        {
            return sink.RunAsync(_next++, cancellationToken);
        }

        return failure switch
        {
            SourceFailure.Signalled => sink.AbortAsync(Problem),
            SourceFailure.Thrown => throw Problem,
            _ => sink.CompleteAsync(cancellationToken),
        };
    }
}
