namespace Streamcaps.Internal;

/// <summary>
/// The sink <see cref="Flow"/> hands to the source on every pull: it forwards each signal to the real sink
/// and remembers whether the source ended, so the flow knows when to stop without a per-item allocation.
/// </summary>
internal sealed class FlowRelay<T>(ISink<T> target) : ISink<T>
{
    private bool _ended;

    public bool IsOpen => !_ended;

    /// <summary>The problem the source signalled through <see cref="AbortAsync"/>, if it did.</summary>
    public Exception? SourceProblem { get; private set; }

    public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            ThrowHelper.ThrowSourceSignalledAfterEnd();
        }

        return target.RunAsync(item, cancellationToken);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _ended = true;
        return target.CompleteAsync(cancellationToken);
    }

    public ValueTask AbortAsync(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _ended = true;
        SourceProblem = problem;
        return target.AbortAsync(problem);
    }
}
