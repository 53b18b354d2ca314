namespace Streamcaps.Composition;

/// <summary>Unwraps the problem of a finished task that did not succeed, so it surfaces unchanged.</summary>
internal static class TaskProblem
{
    /// <summary>The exception <paramref name="finished"/> faulted with (not its <see cref="AggregateException"/>
    /// wrapper), or a <see cref="TaskCanceledException"/> when it was cancelled.</summary>
    public static Exception Of(Task finished) =>
        finished.Exception?.InnerException ?? new TaskCanceledException(finished);
}
