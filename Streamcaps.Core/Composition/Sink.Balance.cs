using Streamcaps.Composition;

namespace Streamcaps;

public static partial class Sink
{
    /// <summary>
    /// Fan-out by work sharing: each item goes to one of <paramref name="workers"/>, the next one that is free,
    /// so slow work (a database write, a remote call) runs on up to N workers at once.
    /// </summary>
    /// <remarks>
    /// <para>A delivery to the balance completes as soon as a worker took the item; it waits only when every
    /// worker is busy. A worker may therefore still hold an item after the balance's delivery completed: lent
    /// memory must be copied before a balance.</para>
    /// <para>A worker that fails fails the balance with its problem, unchanged (at that worker's next turn, or
    /// at completion), and the other workers are aborted with it. Completion waits for the workers' last
    /// deliveries, then completes them all.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="workers"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="workers"/> is empty.</exception>
    public static ISink<T> Balance<T>(params ISink<T>[] workers) => new BalanceSink<T>(CheckSubscribers(workers));
}
