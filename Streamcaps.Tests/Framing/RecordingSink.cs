namespace Streamcaps.Tests.Framing;

/// <summary>A sink that keeps a copy of every item (lent memory is copied, as rule 5 asks) and can
/// complete its deliveries asynchronously, so pumps are tested on both of their paths.</summary>
internal sealed class RecordingSink<T>(Func<T, T> keep, bool asynchronous = false) : ISink<T>
{
    public List<T> Items { get; } = [];

    public bool Completed { get; private set; }

    public async ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
    {
        if (asynchronous)
        {
            await Task.Yield();
        }

        Items.Add(keep(item));
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        Completed = true;
        return default;
    }

    public ValueTask AbortAsync(Exception problem) => default;
}
