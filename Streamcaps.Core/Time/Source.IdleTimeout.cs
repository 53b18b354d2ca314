using Streamcaps.Time;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>
    /// Fails <paramref name="source"/> with <see cref="TimeoutException"/> when it produces nothing (no item and
    /// no end) for <paramref name="timeout"/> — a read timeout for any source (a connection, a channel, a file).
    /// </summary>
    /// <param name="source">The source to watch.</param>
    /// <param name="timeout">How long one call may wait for the source's signal. Only that wait counts: a slow
    /// downstream delivery never times the source out.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <remarks>On timeout the sink is aborted with the <see cref="TimeoutException"/>, and so is every later
    /// call's sink. The call that timed out is abandoned, so a source that ignores cancellation cannot hang the
    /// flow: a signal it still makes is refused (that delivery faults with the <see cref="TimeoutException"/>).
    /// It is also cancelled, unless the flow runs with a cancellable token of its own, which then governs it.
    /// A call whose signal is at hand costs no timer and no allocation.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public static ISource<T> IdleTimeout<T>(this ISource<T> source, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return new IdleTimeoutSource<T>(source, timeout, timeProvider ?? TimeProvider.System);
    }
}
