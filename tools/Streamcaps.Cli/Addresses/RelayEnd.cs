namespace Streamcaps.Cli.Addresses;

/// <summary>One opened address as the relay sees it: what can be read from it, what can be written to it, and
/// how to let it go. A file opened for reading has no sink; one opened for writing has no source.</summary>
internal sealed class RelayEnd : IAsyncDisposable
{
    private readonly Func<ValueTask> _release;

    public RelayEnd(string name, ISource<ReadOnlyMemory<byte>>? source, ISink<ReadOnlyMemory<byte>>? sink, Func<ValueTask> release)
    {
        Name = name;
        Source = source;
        Sink = sink;
        _release = release;
    }

    /// <summary>The address as written, for messages.</summary>
    public string Name { get; }

    public ISource<ReadOnlyMemory<byte>>? Source { get; }

    public ISink<ReadOnlyMemory<byte>>? Sink { get; }

    /// <summary>A connection seen as an end: both directions, released by disposing it.</summary>
    public static RelayEnd Of(string name, Streamcaps.Net.IConnection connection) =>
        new(name, connection.Source, connection.Sink, connection.DisposeAsync);

    public ValueTask DisposeAsync() => _release();
}
