using System.Runtime.CompilerServices;
using Streamcaps.Internal;

namespace Streamcaps.Composition;

/// <summary>The items of each source in turn (see <see cref="Source.Concat{T}(ISource{T}[])"/>).</summary>
internal sealed class ConcatSource<T>(ISource<T>[] sources) : ISource<T>
{
    private readonly Relay _relay = new();
    private int _current;
    private bool _callInFlight;

    public ValueTask RunAsync(ISink<T> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        // A plain flag, as in SourceBase: it catches a caller that does not await, which is sequential misuse.
        if (_callInFlight)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        _callInFlight = true;

        return NextAsync(sink, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask NextAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        try
        {
            while (_current < sources.Length)
            {
                _relay.Downstream = sink;
                _relay.Exhausted = false;
                await sources[_current].RunAsync(_relay, cancellationToken).ConfigureAwait(false);
                if (!_relay.Exhausted)
                {
                    return;
                }

                _current++;
            }

            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _relay.Downstream = null;
            _callInFlight = false;
        }
    }

    /// <summary>Passes items and failures on, and turns a source's end into "go on with the next one".</summary>
    private sealed class Relay : ISink<T>
    {
        public ISink<T>? Downstream { get; set; }

        public bool Exhausted { get; set; }

        public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) =>
            Downstream!.RunAsync(item, cancellationToken);

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            Exhausted = true;
            return default;
        }

        public ValueTask AbortAsync(Exception problem) => Downstream!.AbortAsync(problem);
    }
}
