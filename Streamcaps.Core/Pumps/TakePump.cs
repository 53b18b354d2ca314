namespace Streamcaps.Pumps;

/// <summary>Delivers the first items up to a count, then is finished: the flow ends without asking for the next.</summary>
internal sealed class TakePump<T>(int count) : IFinitePump<T, T>
{
    private int _remaining = count;

    public bool IsFinished => _remaining == 0;

    public ValueTask RunAsync(T item, ISink<T> output, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0)
        {
            return default;
        }

        _remaining--;
        return output.RunAsync(item, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<T> output, CancellationToken cancellationToken = default) => default;
}
