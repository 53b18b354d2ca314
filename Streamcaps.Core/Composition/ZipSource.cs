using Streamcaps.Internal;

namespace Streamcaps.Composition;

/// <summary>
/// Pairs the items of two sources (see <see cref="Source.Zip{T1, T2, TResult}(ISource{T1}, ISource{T2}, Func{T1, T2, TResult})"/>).
/// </summary>
/// <remarks>
/// The pull of the second source happens inside the first source's delivery, and the combined item is
/// delivered inside the second's, so both inputs stay valid (rule 5) until the downstream delivery completed.
/// </remarks>
internal sealed class ZipSource<T1, T2, TResult> : ISource<TResult>
{
    private readonly ISource<T1> _firstSource;
    private readonly ISource<T2> _secondSource;
    private readonly Func<T1, T2, TResult> _combine;
    private readonly FirstSink _first;
    private readonly SecondSink _second;
    private ISink<TResult>? _downstream;
    private CancellationToken _token;
    private T1 _left = default!;
    private bool _ended;
    private Exception? _problem;
    private int _callInFlight;

    public ZipSource(ISource<T1> first, ISource<T2> second, Func<T1, T2, TResult> combine)
    {
        _firstSource = first;
        _secondSource = second;
        _combine = combine;
        _first = new FirstSink(this);
        _second = new SecondSink(this);
    }

    public ValueTask RunAsync(ISink<TResult> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _callInFlight, 1) != 0)
        {
            ThrowHelper.ThrowSourceCallInFlight();
        }

        if (_problem is not null || _ended)
        {
            Volatile.Write(ref _callInFlight, 0);
            return _problem is null ? sink.CompleteAsync(cancellationToken) : sink.AbortAsync(_problem);
        }

        _downstream = sink;
        _token = cancellationToken;
        ValueTask call;
        try
        {
            call = _firstSource.RunAsync(_first, cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _callInFlight, 0);
            throw;
        }

        if (call.IsCompleted)
        {
            Volatile.Write(ref _callInFlight, 0);
            return call;
        }

        return ReleaseWhenDoneAsync(call);
    }

    private async ValueTask ReleaseWhenDoneAsync(ValueTask call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _callInFlight, 0);
        }
    }

    private ValueTask End()
    {
        _ended = true;
        return _downstream!.CompleteAsync(_token);
    }

    private ValueTask Fail(Exception problem)
    {
        _problem = problem;
        return _downstream!.AbortAsync(problem);
    }

    /// <summary>Receives the first source's item and, inside that delivery, pulls the second source.</summary>
    private sealed class FirstSink(ZipSource<T1, T2, TResult> zip) : ISink<T1>
    {
        public ValueTask RunAsync(T1 item, CancellationToken cancellationToken = default)
        {
            zip._left = item;
            return zip._secondSource.RunAsync(zip._second, cancellationToken);
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => zip.End();

        public ValueTask AbortAsync(Exception problem) => zip.Fail(problem);
    }

    /// <summary>Receives the second source's item and delivers the pair downstream inside that delivery.</summary>
    private sealed class SecondSink(ZipSource<T1, T2, TResult> zip) : ISink<T2>
    {
        public ValueTask RunAsync(T2 item, CancellationToken cancellationToken = default)
        {
            var left = zip._left;
            zip._left = default!;
            return zip._downstream!.RunAsync(zip._combine(left, item), zip._token);
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => zip.End();

        public ValueTask AbortAsync(Exception problem) => zip.Fail(problem);
    }
}
