using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Sources;

/// <summary>
/// Hands out the items of an <see cref="IAsyncEnumerable{T}"/>, one <c>MoveNextAsync</c> per call. The
/// enumerator is created on the first call and disposed when it is exhausted or throws; what it throws is
/// the source's failure, signalled to the sink on that call and every later one.
/// </summary>
/// <remarks>
/// <c>MoveNextAsync</c> takes no token, so a call cancelled while it runs stops waiting but leaves the move
/// running; the next call takes its result, so nothing is lost or skipped.
/// </remarks>
internal sealed class AsyncEnumerableSource<T>(IAsyncEnumerable<T> items) : SourceBase<T>
{
    private IAsyncEnumerator<T>? _enumerator;
    private Task<bool>? _abandonedMove;
    private bool _exhausted;
    private Exception? _problem;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        if (!_exhausted && _problem is null)
        {
            bool hasItem;
            try
            {
                hasItem = await MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abandonedMove is not null)
            {
                // Only this call was cancelled; the move goes on and the next call takes its result.
                throw;
            }
            catch (Exception problem)
            {
                _problem = problem;
                hasItem = false;
                await ReleaseAsync().ConfigureAwait(false);
            }

            if (hasItem)
            {
                await sink.RunAsync(_enumerator!.Current, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_problem is null)
            {
                _exhausted = true;
                await ReleaseAsync().ConfigureAwait(false);
            }
        }

        await SignalEndAsync(sink, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask SignalEndAsync(ISink<T> sink, CancellationToken cancellationToken) =>
        _problem is { } problem ? sink.AbortAsync(problem) : sink.CompleteAsync(cancellationToken);

    private ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (_abandonedMove is { } abandoned)
        {
            _abandonedMove = null;
            return new ValueTask<bool>(WaitForMoveAsync(abandoned, cancellationToken));
        }

        // The enumeration outlives any one call, so no call's token may cancel it.
        var move = (_enumerator ??= items.GetAsyncEnumerator(CancellationToken.None)).MoveNextAsync();
        return move.IsCompleted || !cancellationToken.CanBeCanceled
            ? move
            : new ValueTask<bool>(WaitForMoveAsync(move.AsTask(), cancellationToken));
    }

    private async Task<bool> WaitForMoveAsync(Task<bool> move, CancellationToken cancellationToken)
    {
        try
        {
            return await move.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!move.IsCompleted)
        {
            _abandonedMove = move;
            throw;
        }
    }

    private ValueTask ReleaseAsync() => _enumerator?.DisposeAsync() ?? default;
}
