namespace Streamcaps;

/// <summary>A sink that produces a result from everything it was given.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public interface IResultSink<in T, TResult> : ISink<T>
{
    /// <summary>
    /// Completes with the result once <see cref="ISink{T}.CompleteAsync"/> was called; faults with the problem
    /// given to <see cref="ISink{T}.AbortAsync"/> (or is cancelled when that problem is an
    /// <see cref="OperationCanceledException"/>). Continuations run asynchronously, never inside the sink's calls.
    /// </summary>
    Task<TResult> Result { get; }
}
