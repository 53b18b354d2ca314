using System.Runtime.CompilerServices;

namespace Streamcaps.Internal;

/// <summary>
/// A source call that a reader learns the end of from a callback rather than an async method (the readers that
/// turn a source into a pull API: no state machine per chunk). The call's outcome is taken exactly once, as a
/// pooled task requires. Keep it in a field (not a readonly one) of its owner.
/// </summary>
internal struct PendingCall
{
    private ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter _awaiter;

    /// <summary>Takes the outcome of <paramref name="call"/> at once when it already finished
    /// (<see langword="true"/>, with the exception it ended with or <see langword="null"/>); otherwise watches it,
    /// <paramref name="onFinished"/> runs when it finishes, and the outcome is for <see cref="TakeOutcome"/>.</summary>
    public bool TryFinishNow(ValueTask call, Action onFinished, out Exception? thrown)
    {
        if (!call.IsCompleted)
        {
            _awaiter = call.ConfigureAwait(false).GetAwaiter();
            _awaiter.UnsafeOnCompleted(onFinished);
            thrown = null;
            return false;
        }

        thrown = Outcome(call.ConfigureAwait(false).GetAwaiter());
        return true;
    }

    /// <summary>The outcome of the watched call, once it finished: the exception it ended with, or
    /// <see langword="null"/>.</summary>
    public Exception? TakeOutcome()
    {
        var awaiter = _awaiter;
        _awaiter = default;
        return Outcome(awaiter);
    }

    private static Exception? Outcome(ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter awaiter)
    {
        try
        {
            awaiter.GetResult();
            return null;
        }
        catch (Exception problem)
        {
            return problem;
        }
    }
}
