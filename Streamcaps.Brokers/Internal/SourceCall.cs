using System.Runtime.CompilerServices;

namespace Streamcaps.Brokers.Internal;

/// <summary>
/// The call discipline every broker source shares (DESIGN rule 3): an overlapping call faults with
/// <see cref="InvalidOperationException"/>, and a call whose token is already cancelled faults with
/// <see cref="OperationCanceledException"/> without touching the sink.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="signal">Makes the call's one signal to the sink.</param>
internal sealed class SourceCall<T>(Func<ISink<T>, CancellationToken, ValueTask> signal)
{
    private int _inCall;

    public ValueTask RunAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _inCall, 1) == 1)
        {
            throw new InvalidOperationException("A call is already in flight on this source: await each RunAsync before the next.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _inCall, 0);
            return ValueTask.FromCanceled(cancellationToken);
        }

        return SignalAsync(sink, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        try
        {
            await signal(sink, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _inCall, 0);
        }
    }
}
