using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>A sink in front of another: its ends are the output's ends (the abort with the same problem).</summary>
internal abstract class ForwardingSink<TIn, TOut>(ISink<TOut> output) : SinkBase<TIn>
{
    protected ISink<TOut> Output => output;

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken) => output.CompleteAsync(cancellationToken);

    protected override ValueTask OnAbortAsync(Exception problem) => output.AbortAsync(problem);
}
