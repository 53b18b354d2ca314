namespace Streamcaps.Pumps;

/// <summary>Delivers input items while a predicate holds; from the first item that fails it, delivers
/// nothing more (that item included).</summary>
internal sealed class TakeWhilePump<T>(Func<T, bool> predicate) : IFinitePump<T, T>
{
    public bool IsFinished { get; private set; }

    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        if (IsFinished || !predicate(item))
        {
            IsFinished = true;
            return default;
        }

        return output.RunAsync(item, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
