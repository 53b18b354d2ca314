using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Streams;

/// <summary><see cref="ConnectionStreamExtensions.AsReadStream"/> and <see cref="ConnectionStreamExtensions.AsWriteStream"/>:
/// one direction each, usable together from two threads, and what disposing each does to the connection.</summary>
public abstract class OneWayStreamViewTests
{
    private static readonly TimeSpan Bound = StreamConformance.Bound;

    /// <summary>Two fresh connected connections.</summary>
    protected abstract Task<ConnectionPair> CreatePairAsync();

    /// <summary>A connection under test and its peer, both disposed at the end of the test.</summary>
    protected sealed record ConnectionPair(IConnection Tested, IConnection Peer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Tested.DisposeAsync();
            await Peer.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_read_view_reads_and_refuses_to_write()
    {
        await using var pair = await CreatePairAsync().WaitAsync(Bound);
        var (tested, peer) = pair;
        await using var view = tested.AsReadStream();

        Assert.True(view.CanRead);
        Assert.False(view.CanWrite);
        Assert.Throws<NotSupportedException>(() => view.WriteByte(1));
        Assert.Throws<NotSupportedException>(() => view.Write(new byte[1], 0, 1));
        await Assert.ThrowsAsync<NotSupportedException>(() => view.WriteAsync(new byte[1], 0, 1));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await view.WriteAsync(new byte[1].AsMemory()));
        Assert.Throws<NotSupportedException>(() => view.BeginWrite(new byte[1], 0, 1, null, null));

        await peer.Sink.RunAsync("to the view"u8.ToArray()).AsTask().WaitAsync(Bound);
        await peer.Sink.CompleteAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("to the view"u8.ToArray(), await view.ReadToEndAsync(StreamCall.AsyncMemory, 4).WaitAsync(Bound));
    }

    [Fact]
    public async Task The_write_view_writes_and_refuses_to_read()
    {
        await using var pair = await CreatePairAsync().WaitAsync(Bound);
        var (tested, peer) = pair;
        await using var view = tested.AsWriteStream();

        Assert.False(view.CanRead);
        Assert.True(view.CanWrite);
        Assert.Throws<NotSupportedException>(() => view.ReadByte());
        Assert.Throws<NotSupportedException>(() => view.Read(new byte[1], 0, 1));
        await Assert.ThrowsAsync<NotSupportedException>(() => view.ReadAsync(new byte[1], 0, 1));
        await Assert.ThrowsAsync<NotSupportedException>(async () => _ = await view.ReadAsync(new byte[1].AsMemory()));
        Assert.Throws<NotSupportedException>(() => view.BeginRead(new byte[1], 0, 1, null, null));
        Assert.Throws<NotSupportedException>(() => view.CopyTo(new MemoryStream()));

        await view.WriteAsync("from the view"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.Equal("from the view"u8.ToArray(), await ByteStreams.ReadExactlyAsync(peer.Source, 13).WaitAsync(Bound));
    }

    [Fact]
    public async Task Disposing_the_write_view_half_closes_and_the_connection_still_reads()
    {
        await using var pair = await CreatePairAsync().WaitAsync(Bound);
        var (tested, peer) = pair;
        var view = tested.AsWriteStream();
        await view.WriteAsync("last words"u8.ToArray()).AsTask().WaitAsync(Bound);

        await view.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.Equal("last words"u8.ToArray(), await ByteStreams.ReadToEndAsync(peer.Source).WaitAsync(Bound));
        await peer.Sink.RunAsync("answer"u8.ToArray()).AsTask().WaitAsync(Bound);
        await peer.Sink.CompleteAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("answer"u8.ToArray(), await ByteStreams.ReadToEndAsync(tested.Source).WaitAsync(Bound));
    }

    [Fact]
    public async Task Disposing_the_read_view_leaves_the_connection_open_for_writing()
    {
        await using var pair = await CreatePairAsync().WaitAsync(Bound);
        var (tested, peer) = pair;
        var view = tested.AsReadStream();
        await peer.Sink.RunAsync("abcdef"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.Equal((int)'a', await DedicatedThread.RunAsync(() => Task.FromResult(view.ReadByte())).WaitAsync(Bound));

        await view.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.False(view.CanRead);
        await tested.Sink.RunAsync("still writing"u8.ToArray()).AsTask().WaitAsync(Bound);
        await tested.Sink.CompleteAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("still writing"u8.ToArray(), await ByteStreams.ReadToEndAsync(peer.Source).WaitAsync(Bound));
    }

    [Fact]
    public async Task A_read_view_and_a_write_view_of_one_connection_run_on_two_threads()
    {
        await using var pair = await CreatePairAsync().WaitAsync(Bound);
        var (tested, peer) = pair;
        var toPeer = ByteStreams.RandomBytes(2 * 1024 * 1024, seed: 21);
        var toTested = ByteStreams.RandomBytes(2 * 1024 * 1024, seed: 22);
        await using var reading = tested.AsReadStream();
        await using var writing = tested.AsWriteStream();

        var work = new Task[]
        {
            DedicatedThread.RunAsync(() => writing.Write(toPeer)),
            DedicatedThread.RunAsync(() => Task.FromResult(ReadExactly(reading, toTested.Length))),
            ByteStreams.ReadExactlyAsync(peer.Source, toPeer.Length),
            ByteStreams.WriteInRandomChunksAsync(peer.Sink, toTested, seed: 23),
        };
        await Task.WhenAll(work).WaitAsync(Bound);

        Assert.Equal(toTested, await (Task<byte[]>)work[1]);
        Assert.Equal(toPeer, await (Task<byte[]>)work[2]);
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

public sealed class TcpOneWayStreamViewTests : OneWayStreamViewTests, IAsyncDisposable
{
    private readonly TcpPairs _pairs = new(IPAddress.Loopback);

    protected override async Task<ConnectionPair> CreatePairAsync()
    {
        var (client, accepted) = await _pairs.CreateAsync();
        return new ConnectionPair(client, accepted);
    }

    public ValueTask DisposeAsync() => _pairs.DisposeAsync();
}

public sealed class MemoryOneWayStreamViewTests : OneWayStreamViewTests
{
    protected override Task<ConnectionPair> CreatePairAsync()
    {
        var (first, second) = MemoryConnection.CreatePair();
        return Task.FromResult(new ConnectionPair(first, second));
    }
}
