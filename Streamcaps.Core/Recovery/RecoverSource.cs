using Streamcaps.Internal;

namespace Streamcaps.Recovery;

/// <summary>
/// Passes every signal of the upstream on, except a failure of type <typeparamref name="TException"/>, which
/// becomes one last item (see <see cref="Source.Recover{T, TException}"/>); every later call completes the sink.
/// </summary>
internal sealed class RecoverSource<T, TException>(ISource<T> upstream, Func<TException, T> finalItem)
    : SourceBase<T>, IReleasableSource
    where TException : Exception
{
    private readonly Relay _relay = new();

    protected override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken)
    {
        if (_relay.Recovered)
        {
            return sink.CompleteAsync(cancellationToken);
        }

        _relay.Target = sink;
        _relay.Token = cancellationToken;
        _relay.FinalItem = finalItem;
        return upstream.RunAsync(_relay, cancellationToken);
    }

    ValueTask IReleasableSource.ReleaseAsync() =>
        upstream is IReleasableSource releasable ? releasable.ReleaseAsync() : default;

    /// <summary>The sink the upstream signals for the current call: its one signal goes to the call's sink.</summary>
    private sealed class Relay : ISink<T>
    {
        public ISink<T> Target { get; set; } = null!;

        public CancellationToken Token { get; set; }

        public Func<TException, T> FinalItem { get; set; } = null!;

        public bool Recovered { get; private set; }

        public ValueTask RunAsync(T item, CancellationToken cancellationToken = default) => Target.RunAsync(item, cancellationToken);

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => Target.CompleteAsync(cancellationToken);

        public ValueTask AbortAsync(Exception problem)
        {
            if (problem is not TException recoverable)
            {
                return Target.AbortAsync(problem);
            }

            Recovered = true;
            T last;
            try
            {
                last = FinalItem(recoverable);
            }
#pragma warning disable CA1031 // The callback failed: that failure, not the recovered one, ends the source.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                return Target.AbortAsync(failure);
            }

            return Target.RunAsync(last, Token);
        }
    }
}
