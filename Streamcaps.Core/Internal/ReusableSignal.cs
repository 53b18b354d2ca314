using System.Threading.Tasks.Sources;

namespace Streamcaps.Internal;

/// <summary>
/// A one-waiter signal that can be armed again after each use, so a hand-over between two parties costs no
/// allocation. Whoever arms it awaits the returned task exactly once; whoever fires it does so at most once
/// per arming (the owner's own state decides who may).
/// </summary>
/// <remarks>Continuations run synchronously on the firing thread: fire it outside any lock.</remarks>
internal sealed class ReusableSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;

    /// <summary>Resets the signal and returns the task that completes when it fires.</summary>
    public ValueTask Arm()
    {
        _core.Reset();
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Completes the armed task.</summary>
    public void Set() => _core.SetResult(true);

    /// <summary>Faults the armed task with <paramref name="problem"/>.</summary>
    public void Fail(Exception problem) => _core.SetException(problem);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
