using System.Runtime.CompilerServices;

namespace Streamcaps.Internal;

/// <summary>
/// The call discipline every library source shares, so each one only says what its one signal is: an
/// overlapping call faults with <see cref="InvalidOperationException"/>, and a call whose token is already
/// cancelled faults with <see cref="OperationCanceledException"/> without touching the sink (DESIGN rule 3).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class SourceBase<T> : ISource<T>
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

    /// <summary>Makes the one call on <paramref name="sink"/> and returns that call's task.</summary>
    protected abstract ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken);

    /// <summary>Marks a call (or a whole pushed flow) as running; throws when one already is.</summary>
    protected void EnterCall()
    {
        if (_inFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        _inFlight = true;
    }

    /// <summary>Marks the call started by <see cref="EnterCall"/> as finished.</summary>
    protected void ExitCall() => _inFlight = false;

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
