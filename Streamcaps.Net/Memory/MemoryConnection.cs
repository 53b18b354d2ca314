using System.IO.Pipelines;
using System.Net;

namespace Streamcaps.Net.Memory;

/// <summary>
/// One end of an in-memory connection: two connected <see cref="IConnection"/>s without sockets, for tests
/// and for running protocols (TLS) over something that is not TCP. Create a pair with
/// <see cref="CreatePair"/>.
/// </summary>
/// <remarks>
/// It behaves like a TCP connection: the source lends each chunk until its delivery completes and completes
/// when the peer completes its sink (half-close; reading goes on); <see cref="ISink{T}.AbortAsync"/> is a
/// reset, after which the peer's source aborts and its sink's deliveries fault with <see cref="IOException"/>;
/// <see cref="DisposeAsync"/> resets a direction that is still open.
/// </remarks>
public sealed class MemoryConnection : IConnection, IConnectionStatus
{
    private static int s_pairs;

    private ConnectionStatus Status { get; } = new();

    private readonly MemoryPipeSource _source;
    private readonly MemoryPipeSink _sink;

    private MemoryConnection(Pipe inbound, Pipe outbound, MemoryEndPoint local, MemoryEndPoint remote)
    {
        _source = new MemoryPipeSource(inbound.Reader, Status);
        _sink = new MemoryPipeSink(outbound.Writer, _source, Status);
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    /// <summary>Creates two connected ends: what one end's sink takes, the other end's source delivers.</summary>
    /// <param name="options">The buffering per direction; <see langword="null"/> for the defaults
    /// (<see cref="MemoryConnectionOptions.DefaultBufferSize"/>), <see cref="MemoryConnectionOptions.Lockstep"/>
    /// for none.</param>
    public static (MemoryConnection First, MemoryConnection Second) CreatePair(MemoryConnectionOptions? options = null)
    {
        var bufferSize = (options ?? new MemoryConnectionOptions()).BufferSize;
        var pair = Interlocked.Increment(ref s_pairs);
        MemoryEndPoint first = new($"memory:{pair}/first"), second = new($"memory:{pair}/second");
        Pipe firstToSecond = new(CreatePipeOptions(bufferSize)), secondToFirst = new(CreatePipeOptions(bufferSize));
        return (new MemoryConnection(secondToFirst, firstToSecond, first, second),
                new MemoryConnection(firstToSecond, secondToFirst, second, first));
    }

    /// <inheritdoc/>
    public ISource<ReadOnlyMemory<byte>> Source => _source;

    /// <summary>How each direction ended, for <c>connection.State</c>.</summary>
    ConnectionStatus IConnectionStatus.Status => Status;

    /// <inheritdoc/>
    public ISink<ReadOnlyMemory<byte>> Sink => _sink;

    /// <inheritdoc/>
    public EndPoint LocalEndPoint { get; }

    /// <inheritdoc/>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Resets what is still open: an unfinished sink is aborted (the peer's source fails) and
    /// unread input is dropped (the peer's later deliveries fault). Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        Status.Dispose();
        await _sink.AbortAsync(new ObjectDisposedException(nameof(MemoryConnection))).ConfigureAwait(false);
        _source.Release();
    }

    private static PipeOptions CreatePipeOptions(int bufferSize) =>
        // A pause threshold of 1 byte makes FlushAsync wait until the reader consumed everything: lockstep.
        // Pipe treats 0 as "never pause", hence the mapping.
        new(pauseWriterThreshold: Math.Max(bufferSize, 1),
            resumeWriterThreshold: Math.Max(bufferSize, 1),
            useSynchronizationContext: false);
}
