using System.Net;
using Streamcaps.Net;

namespace Streamcaps.Tests.Support;

/// <summary>
/// One end of an in-memory connection: two byte pipes (<see cref="Pipe.CreateBytes"/>) crossed over, so what
/// one end's sink takes the other end's source hands out, with backpressure and half-close like TCP.
/// Trio's <c>memory_stream_pair</c>: the double that makes transports (TLS over it) testable without a network.
/// </summary>
public sealed class MemoryConnection : IConnection
{
    private MemoryConnection(ISource<ReadOnlyMemory<byte>> source, ISink<ReadOnlyMemory<byte>> sink, EndPoint local, EndPoint remote)
    {
        Source = source;
        Sink = sink;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    public ISource<ReadOnlyMemory<byte>> Source { get; }

    public ISink<ReadOnlyMemory<byte>> Sink { get; }

    public EndPoint LocalEndPoint { get; }

    public EndPoint RemoteEndPoint { get; }

    /// <summary>Two connected ends; each direction buffers <paramref name="options"/>' capacity of chunks.</summary>
    public static (MemoryConnection A, MemoryConnection B) CreatePair(BufferOptions? options = null)
    {
        var (aSink, bSource) = Pipe.CreateBytes(options);
        var (bSink, aSource) = Pipe.CreateBytes(options);
        var a = new Address("memory:a");
        var b = new Address("memory:b");
        return (new MemoryConnection(aSource, aSink, a, b), new MemoryConnection(bSource, bSink, b, a));
    }

    /// <summary>Aborts this end's sending direction (harmless after it completed), as a reset would.</summary>
    public ValueTask DisposeAsync() => Sink.AbortAsync(new ObjectDisposedException(nameof(MemoryConnection)));

    /// <summary>A named address for an in-memory end.</summary>
    private sealed class Address(string name) : EndPoint
    {
        public override string ToString() => name;
    }
}
