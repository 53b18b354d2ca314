namespace Streamcaps.Tests.Support;

/// <summary>A sink that checks a lent item is still intact at the end of its own (asynchronous) delivery.</summary>
public sealed class LentMemoryCheckingSink : ISink<ReadOnlyMemory<byte>>
{
    public List<byte> FirstBytes { get; } = [];

    public List<string> Violations { get; } = [];

    public async ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
    {
        var expected = item.ToArray();
        await Task.Yield();
        if (!item.Span.SequenceEqual(expected))
        {
            Violations.Add($"item {expected[0]} changed during its delivery");
        }

        FirstBytes.Add(expected[0]);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

    public ValueTask AbortAsync(Exception problem) => default;
}
