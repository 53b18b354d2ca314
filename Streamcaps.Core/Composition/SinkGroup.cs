using System.Runtime.ExceptionServices;

namespace Streamcaps.Composition;

/// <summary>Ends a group of sinks together: the fan-out sinks end all their subscribers at once, so one slow
/// subscriber's flush does not delay the others'.</summary>
internal static class SinkGroup
{
    /// <summary>Completes every sink not yet removed, concurrently; faults with the first failure after all finished.</summary>
    public static async ValueTask CompleteAllAsync<T>(ISink<T>[] sinks, bool[] removed, CancellationToken cancellationToken)
    {
        var completions = new List<Task>(sinks.Length);
        for (var i = 0; i < sinks.Length; i++)
        {
            if (!removed[i])
            {
                completions.Add(Start(sinks[i], cancellationToken).AsTask());
            }
        }

        Exception? first = null;
        foreach (var completion in completions)
        {
            try
            {
                await completion.ConfigureAwait(false);
            }
            catch (Exception problem)
            {
                first ??= problem;
            }
        }

        if (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Aborts every sink not yet removed with <paramref name="problem"/>, concurrently; a failing abort
    /// is attached to the problem rather than thrown (see <see cref="Flow.AbortFailureKey"/>).</summary>
    public static async ValueTask AbortAllAsync<T>(ISink<T>[] sinks, bool[] removed, Exception problem)
    {
        var aborts = new List<Task>(sinks.Length);
        for (var i = 0; i < sinks.Length; i++)
        {
            if (!removed[i])
            {
                aborts.Add(Flow.AbortQuietlyAsync(sinks[i], problem).AsTask());
            }
        }

        await Task.WhenAll(aborts).ConfigureAwait(false);
    }

    /// <summary>Starts a delivery, turning a sink that throws instead of faulting its task into a faulted task.</summary>
    public static ValueTask Deliver<T>(ISink<T> sink, T item, CancellationToken cancellationToken)
    {
        try
        {
            return sink.RunAsync(item, cancellationToken);
        }
#pragma warning disable CA1031 // The failure is the delivery's outcome and is handled by the fan-out's policy.
        catch (Exception problem)
#pragma warning restore CA1031
        {
            return ValueTask.FromException(problem);
        }
    }

    private static ValueTask Start<T>(ISink<T> sink, CancellationToken cancellationToken)
    {
        try
        {
            return sink.CompleteAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Surfaced after every sink had its chance to complete.
        catch (Exception problem)
#pragma warning restore CA1031
        {
            return ValueTask.FromException(problem);
        }
    }
}
