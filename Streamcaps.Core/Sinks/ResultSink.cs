using Streamcaps.Internal;

namespace Streamcaps.Sinks;

/// <summary>The end of every result sink: the clean end publishes the result, the failed end the problem.</summary>
internal abstract class ResultSink<T, TResult> : SinkBase<T>, IResultSink<T, TResult>
{
    private readonly TaskCompletionSource<TResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Result => _result.Task;

    /// <summary>Builds the result from everything delivered; called once, at the clean end.</summary>
    protected abstract TResult Build();

    protected sealed override ValueTask OnCompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            _result.TrySetResult(Build());
        }
        catch (Exception problem)
        {
            _result.TrySetException(problem);
            throw;
        }

        return default;
    }

    protected sealed override ValueTask OnAbortAsync(Exception problem)
    {
        if (problem is OperationCanceledException cancelled)
        {
            _result.TrySetCanceled(cancelled.CancellationToken);
        }
        else
        {
            _result.TrySetException(problem);
        }

        return default;
    }
}
