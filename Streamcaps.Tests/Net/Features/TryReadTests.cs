using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Features;

/// <summary>m2stream's non-blocking read: <see cref="ConnectionFeatures.TryRead"/> takes what has arrived or
/// says "would block", on TCP, TLS and in-memory connections.</summary>
public class TryReadTests
{
    private static readonly TimeSpan Patience = ConnectionPairs.Patience;

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task Nothing_arrived_is_would_block_then_the_bytes_then_the_end(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            var buffer = new byte[16];
            Assert.False(server.TryRead(buffer, out var nothing));
            Assert.Equal(0, nothing);

            await client.Sink.RunAsync("hello"u8.ToArray()).AsTask().WaitAsync(Patience);
            Assert.True(await server.WaitToReadAsync().AsTask().WaitAsync(Patience));
            Assert.True(server.TryRead(buffer, out var count));
            Assert.Equal("hello"u8.ToArray(), buffer[..count]);

            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.False(await server.WaitToReadAsync().AsTask().WaitAsync(Patience));
            Assert.True(server.TryRead(buffer, out var atEnd));
            Assert.Equal(0, atEnd);
            Assert.True(server.TryRead(buffer, out atEnd));
            Assert.Equal(0, atEnd);
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task A_chunk_larger_than_the_buffer_is_read_in_parts_and_nothing_is_lost(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            var payload = ByteStreams.RandomBytes(300_000, seed: 13);
            var writing = Task.Run(async () =>
            {
                await ByteStreams.WriteInRandomChunksAsync(client.Sink, payload, seed: 14);
                await client.Sink.CompleteAsync();
            });

            Assert.Equal(payload, await ConnectionPairs.TryReadToEndAsync(server, bufferSize: 1000).WaitAsync(Patience));
            await writing.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task A_reset_is_thrown_never_reported_as_the_end()
    {
        var (client, server) = await ConnectionPairs.CreateAsync("tcp");
        await using (client)
        await using (server)
        {
            await client.Sink.AbortAsync(new InvalidOperationException("give up"));

            var waited = await Assert.ThrowsAsync<SocketException>(() => server.WaitToReadAsync().AsTask().WaitAsync(Patience));
            Assert.Equal(SocketError.ConnectionReset, waited.SocketErrorCode);
            var read = Assert.Throws<SocketException>(() => server.TryRead(new byte[8], out _));
            Assert.Equal(SocketError.ConnectionReset, read.SocketErrorCode);
        }
    }

    [Fact]
    public async Task Cancelling_a_wait_loses_no_bytes()
    {
        var (client, server) = await ConnectionPairs.CreateAsync("tcp");
        await using (client)
        await using (server)
        {
            using var cancel = new CancellationTokenSource();
            var waiting = server.WaitToReadAsync(cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));

            await client.Sink.RunAsync("after"u8.ToArray());
            await client.Sink.CompleteAsync();
            Assert.Equal("after"u8.ToArray(), await ConnectionPairs.TryReadToEndAsync(server, bufferSize: 2).WaitAsync(Patience));
        }
    }
}
