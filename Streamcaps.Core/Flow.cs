using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Streamcaps.Internal;

namespace Streamcaps;

/// <summary>Moves every item from a source into a sink, one delivery at a time.</summary>
public static class Flow
{
    /// <summary>The key under which <see cref="Exception.Data"/> carries a failure of the abort that followed it.</summary>
    public const string AbortFailureKey = "Streamcaps.AbortFailure";

    /// <summary>
    /// Pulls every item from <paramref name="source"/> into <paramref name="sink"/>, awaiting each delivery
    /// before asking for the next, so the sink's pace is the flow's pace.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description>Source exhausted: completes the sink; the returned task completes after the sink's
    /// <see cref="ISink{T}.CompleteAsync"/> completed.</description></item>
    /// <item><description>Source failed (it signalled <see cref="ISink{T}.AbortAsync"/> or threw): the sink is
    /// aborted with that problem and the returned task faults with it.</description></item>
    /// <item><description>Sink faulted: the flow stops pulling, aborts the sink so it releases what it holds,
    /// and the returned task faults with the sink's problem.</description></item>
    /// <item><description>Cancelled: the sink is aborted with the <see cref="OperationCanceledException"/> and
    /// the returned task is cancelled.</description></item>
    /// </list>
    /// Flow does not own the source: a source that holds resources (a connection) is released by whoever created
    /// it. The library's sources that own what they read (<see cref="Source.FromFile"/>, <see cref="Source.FromStream"/>
    /// unless told to leave the stream open) release it on every ending, a flow that stopped early included.
    /// When every delivery completes synchronously, the flow allocates nothing per item.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="sink"/> is null.</exception>
    public static Task RunAsync<T>(ISource<T> source, ISink<T> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        return source is IPushSource<T> pushable
            ? pushable.PushIntoAsync(sink, cancellationToken)
            : PullAsync(source, sink, cancellationToken);
    }

    /// <summary>The flow for any source: one <see cref="ISource{T}.RunAsync"/> call per item.</summary>
    internal static Task PullAsync<T>(ISource<T> source, ISink<T> sink, CancellationToken cancellationToken)
    {
        var flow = RunThroughRelayAsync(sink, source, static (source, relay, cancellationToken) => PullEachAsync(source, relay, cancellationToken), cancellationToken);
        return source is IReleasableSource releasable ? ReleaseAfterAsync(flow, releasable) : flow;
    }

    /// <summary>Lets a resource-holding source go once its flow ended, however it ended: a flow that stopped
    /// early (the sink failed, cancellation) would otherwise leave its file open until the finalizer.</summary>
    private static async Task ReleaseAfterAsync(Task flow, IReleasableSource source)
    {
        try
        {
            await flow.ConfigureAwait(false);
        }
        finally
        {
            await source.ReleaseAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask PullEachAsync<T>(ISource<T> source, FlowRelay<T> relay, CancellationToken cancellationToken)
    {
        while (relay.IsOpen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await source.RunAsync(relay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a flow in which a source signals <paramref name="sink"/> through a <see cref="FlowRelay{T}"/>
    /// (<paramref name="run"/> goes on until the relay is closed), with <see cref="RunAsync{T}"/>'s rules for how
    /// it ends: the source's own abort signal is the flow's problem, and any failure aborts the sink.
    /// </summary>
    internal static async Task RunThroughRelayAsync<T, TState>(ISink<T> sink, TState state,
        Func<TState, FlowRelay<T>, CancellationToken, ValueTask> run, CancellationToken cancellationToken)
    {
        var relay = new FlowRelay<T>(sink);
        try
        {
            await run(state, relay, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // The source's own abort signal is the flow's problem even if aborting the sink failed afterwards.
            var problem = relay.SourceProblem ?? failure;
            await AbortQuietlyAsync(sink, problem).ConfigureAwait(false);
            ExceptionDispatchInfo.Throw(problem);
        }

        if (relay.SourceProblem is { } sourceProblem)
        {
            ExceptionDispatchInfo.Throw(sourceProblem);
        }
    }

    /// <summary>The flow for a synchronous cursor: items go straight into the sink, with no relay or
    /// per-item source call in between; into a sink that is never pending, in one plain loop. A cursor that
    /// throws is the source's failure.</summary>
    internal static async Task DrainAsync<T>(CursorSource<T> cursor, ISink<T> sink, CancellationToken cancellationToken)
    {
        try
        {
            // Checked before taking an item, so a cancelled flow leaves the rest of the cursor untouched.
            cancellationToken.ThrowIfCancellationRequested();
            if (sink is SynchronousSink<T> synchronous)
            {
                cursor.DrainInto(synchronous, cancellationToken);
            }
            else
            {
                while (DeliverReady(cursor, sink, cancellationToken, out var pending))
                {
                    await pending.ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            await AbortQuietlyAsync(sink, failure).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <see cref="DrainAsync"/>'s hot loop, kept out of the async method so that its locals stay in registers
    /// instead of the state machine: delivers items for as long as each delivery completes synchronously and
    /// successfully. Returns <see langword="true"/> with the first delivery that did not (pending, or faulted)
    /// in <paramref name="pending"/>, for the caller to await; <see langword="false"/> when the cursor is exhausted.
    /// </summary>
    private static bool DeliverReady<T>(CursorSource<T> cursor, ISink<T> sink, CancellationToken cancellationToken, out ValueTask pending)
    {
        while (true)
        {
            T item;
            try
            {
                if (!cursor.TryNext(out item))
                {
                    pending = default;
                    return false;
                }
            }
            catch (Exception problem)
            {
                cursor.Fail(problem);
                throw;
            }

            if (!DeliveredAtOnce(sink, item, cancellationToken, out pending))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Delivers <paramref name="item"/> and returns <see langword="true"/> when the delivery completed at once and
    /// successfully, its result consumed as an await would (a pooled delivery is only reusable after that); throws
    /// when the flow was cancelled meanwhile. Otherwise returns <see langword="false"/> with the delivery, pending or
    /// faulted, in <paramref name="pending"/> for the caller to await. The step of every synchronous delivery loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool DeliveredAtOnce<T>(ISink<T> sink, T item, CancellationToken cancellationToken, out ValueTask pending)
    {
        var delivery = sink.RunAsync(item, cancellationToken);
        if (!delivery.IsCompletedSuccessfully)
        {
            pending = delivery;
            return false;
        }

        delivery.GetAwaiter().GetResult();
        pending = default;
        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

    /// <summary>Aborts <paramref name="sink"/> after a failure that is already being reported.</summary>
    /// <remarks>A sink whose abort fails too must not hide the first problem, so the second one is
    /// attached to it rather than thrown in its place.</remarks>
    internal static async ValueTask AbortQuietlyAsync<T>(ISink<T> sink, Exception problem)
    {
        try
        {
            await sink.AbortAsync(problem).ConfigureAwait(false);
        }
        catch (Exception abortFailure) when (!ReferenceEquals(abortFailure, problem))
        {
            problem.Data[AbortFailureKey] = abortFailure;
        }
    }
}
