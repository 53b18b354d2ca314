namespace Streamcaps.Testing;

/// <summary>A writer and the reader that receives what it writes, with whatever must be released after the
/// check (connections, a server).</summary>
/// <param name="Writer">Where the check writes.</param>
/// <param name="Reader">Where the written bytes come out.</param>
/// <param name="Release">Releases the resources behind both ends; called once, after the check.</param>
public sealed record OneWayEnds(
    ISink<ReadOnlyMemory<byte>> Writer,
    ISource<ReadOnlyMemory<byte>> Reader,
    Func<ValueTask>? Release = null) : IAsyncDisposable
{
    /// <summary>Calls <see cref="Release"/>, if any.</summary>
    /// <returns>The release's task.</returns>
    public ValueTask DisposeAsync() => Release?.Invoke() ?? default;
}
