using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps;

/// <summary>
/// The base of a correct source: it keeps the call discipline every source shares, so a source only says what
/// its one signal is. Every source of the library derives from it; derive yours too: an
/// overlapping call faults with <see cref="InvalidOperationException"/>, and a call whose token is already
/// cancelled faults with <see cref="OperationCanceledException"/> without touching the sink (DESIGN rule 3).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <example>
/// <code>
/// sealed class CountdownSource(int from) : SourceBase&lt;int&gt;
/// {
///     private int _next = from;
///
///     protected override ValueTask SignalAsync(ISink&lt;int&gt; sink, CancellationToken cancellationToken) =>
///         _next &gt; 0 ? sink.RunAsync(_next--, cancellationToken) : sink.CompleteAsync(cancellationToken);
/// }
/// </code>
/// Check it with Streamcaps.Testing's <c>SourceConformance&lt;T&gt;</c>.
/// </example>
public abstract class SourceBase<T> : ISource<T>
{
    private bool _inFlight;

    /// <inheritdoc/>
    public ValueTask RunAsync(ISink<T> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        EnterCall();
        if (cancellationToken.IsCancellationRequested)
        {
            ExitCall();
            return ValueTask.FromCanceled(cancellationToken);
        }

        ValueTask signal;
        try
        {
            signal = SignalAsync(sink, cancellationToken);
        }
        catch
        {
            ExitCall();
            throw;
        }

        if (signal.IsCompleted)
        {
            ExitCall();
            return signal;
        }

        return ExitWhenDoneAsync(signal);
    }

    /// <summary>Makes the one call on <paramref name="sink"/> (an item, complete when exhausted, and on every
    /// later call, or abort when failed) and returns that call's task. Never called twice at once.</summary>
    /// <param name="sink">Where the signal goes.</param>
    /// <param name="cancellationToken">Cancels this call.</param>
    /// <returns>The task of the call made on <paramref name="sink"/>.</returns>
    protected abstract ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken);

    /// <summary>Marks a call (or a whole pushed flow, for the library's own push-mode sources) as running;
    /// throws when one already is.</summary>
    private protected void EnterCall()
    {
        if (_inFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        _inFlight = true;
    }

    /// <summary>Marks the call started by <see cref="EnterCall"/> as finished.</summary>
    private protected void ExitCall() => _inFlight = false;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ExitWhenDoneAsync(ValueTask signal)
    {
        try
        {
            await signal.ConfigureAwait(false);
        }
        finally
        {
            ExitCall();
        }
    }
}
