using Streamcaps.Internal;

namespace Streamcaps.Pumps;

/// <summary>A never-pending sink in front of another: its ends are the output's ends (the abort with the same
/// problem), and its deliveries are plain calls into the output, whose lifecycle it stands for.</summary>
/// <remarks><see cref="ForwardingSink{TIn, TOut}"/>'s role in the never-pending family: a class has one base, and
/// this one must be a <see cref="SynchronousSink{T}"/> for a flow's plain loop to see through it.</remarks>
internal abstract class SynchronousForwardingSink<TIn, TOut>(SynchronousSink<TOut> output) : SynchronousSink<TIn>
{
    protected SynchronousSink<TOut> Output => output;

    protected override ValueTask OnCompleteAsync(CancellationToken cancellationToken) => output.CompleteAsync(cancellationToken);

    protected override ValueTask OnAbortAsync(Exception problem) => output.AbortAsync(problem);
}
