using Streamcaps.Internal;

namespace Streamcaps.Sources;

/// <summary>Aborts its sink with the same problem on every call.</summary>
internal sealed class FailedSource<T>(Exception problem) : SourceBase<T>
{
    protected override ValueTask SignalAsync(ISink<T> sink, CancellationToken cancellationToken) =>
        sink.AbortAsync(problem);
}
