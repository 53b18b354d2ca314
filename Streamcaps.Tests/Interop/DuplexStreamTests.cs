using System.Text;
using Streamcaps.Interop;
using Streamcaps.Net;
using Streamcaps.Net.Memory;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

public class DuplexStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writes_deliver_to_the_sink_and_complete_writes_completes_it()
    {
        var sink = NewSink();
        await using var stream = new DuplexStream(new LendingByteSource([]), sink);

        await stream.WriteAsync("hello"u8.ToArray());
        stream.Write(" world"u8);
        await stream.CompleteWritesAsync();

        Assert.Equal("hello world", Encoding.ASCII.GetString(sink.Items.SelectMany(chunk => chunk.ToArray()).ToArray()));
        Assert.Equal(1, sink.Completions);
    }

    [Fact]
    public async Task Dispose_completes_the_sink_and_disposes_the_owner()
    {
        var sink = NewSink();
        var owner = new DisposeProbe();
        var stream = new DuplexStream(new LendingByteSource([]), sink, owner);

        await stream.DisposeAsync();
        await stream.DisposeAsync();

        Assert.Equal(1, sink.Completions);
        Assert.Equal(1, owner.Disposals);
        Assert.False(stream.CanRead);
    }

    [Fact]
    public async Task Stream_over_a_connection_works_with_StreamReader_and_StreamWriter()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await using var clientStream = client.AsStream();
        await using var serverStream = server.AsStream();

        await using (var writer = new StreamWriter(clientStream, leaveOpen: true))
        {
            await writer.WriteLineAsync("first line");
            await writer.WriteAsync("second line");
        }

        await clientStream.CompleteWritesAsync();
        using var reader = new StreamReader(serverStream);

        Assert.Equal("first line\nsecond line", (await reader.ReadToEndAsync().WaitAsync(Bound)).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Synchronous_reads_and_writes_block_until_done()
    {
        var (client, server) = MemoryConnection.CreatePair();
        using var clientStream = client.AsStream();
        using var serverStream = server.AsStream();

        clientStream.Write([1, 2, 3]);
        var buffer = new byte[3];
        serverStream.ReadExactly(buffer);

        Assert.Equal(new byte[] { 1, 2, 3 }, buffer);
    }

    [Fact]
    public async Task Stream_over_a_connection_copies_both_ways_with_half_close()
    {
        var (client, server) = MemoryConnection.CreatePair(new MemoryConnectionOptions { BufferSize = 100 });
        await using var clientStream = client.AsStream();
        await using var serverStream = server.AsStream();
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();

        var echo = Task.Run(async () =>
        {
            await serverStream.CopyToAsync(serverStream);
            await serverStream.CompleteWritesAsync();
        });
        var send = Task.Run(async () =>
        {
            await clientStream.WriteAsync(payload);
            await clientStream.CompleteWritesAsync();
        });
        var echoed = new MemoryStream();
        await clientStream.CopyToAsync(echoed).WaitAsync(Bound);
        await Task.WhenAll(echo, send).WaitAsync(Bound);

        Assert.Equal(payload, echoed.ToArray());
        Assert.True(clientStream.IsReadCompleted);
    }

    [Fact]
    public void Stream_is_not_seekable()
    {
        using var stream = new DuplexStream(new LendingByteSource([]), NewSink());

        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }

    [OptimizedOnlyFact]
    public void Reads_and_writes_that_complete_synchronously_allocate_nothing()
    {
        var source = new LendingByteSource([new byte[100_000]]);
        using var stream = new DuplexStream(source, Sink.Null<ReadOnlyMemory<byte>>());
        var buffer = new byte[10];
        stream.ReadExactly(buffer);
        stream.Write(buffer);
        _ = stream.ReadByte();
        stream.WriteByte(1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = stream.Read(buffer, 0, buffer.Length);
            Assert.True(CompletedAtOnce(stream.ReadAsync(buffer.AsMemory())));
            _ = stream.ReadByte();
            stream.Write(buffer, 0, buffer.Length);
            Assert.True(CompletedAtOnce(stream.WriteAsync(buffer.AsMemory())));
            stream.WriteByte(1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static bool CompletedAtOnce(ValueTask pending) => pending.IsCompletedSuccessfully;

    private static bool CompletedAtOnce(ValueTask<int> pending) => pending.IsCompletedSuccessfully;

    /// <summary>Records what the stream writes, copying each lent chunk.</summary>
    private static ProbeSink<ReadOnlyMemory<byte>> NewSink() => new() { Copy = chunk => chunk.ToArray() };

    private sealed class DisposeProbe : IAsyncDisposable
    {
        public int Disposals { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return default;
        }
    }
}
