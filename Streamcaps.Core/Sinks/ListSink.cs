namespace Streamcaps.Sinks;

/// <summary>Keeps every item in a list, the result of the clean end.</summary>
internal sealed class ListSink<T> : ResultSink<T, IReadOnlyList<T>>
{
    private readonly List<T> _items = [];

    protected override ValueTask DeliverAsync(T item, CancellationToken cancellationToken)
    {
        _items.Add(item);
        return default;
    }

    protected override IReadOnlyList<T> Build() => _items.AsReadOnly();
}
