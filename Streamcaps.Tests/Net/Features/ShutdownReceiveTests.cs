using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Features;

/// <summary>Mnet's <c>shutdown `read</c>: <see cref="ConnectionFeatures.ShutdownReceive"/> stops reading and
/// discards what arrives, without resetting the peer's writes; writing goes on.</summary>
public class ShutdownReceiveTests
{
    private static readonly TimeSpan Patience = ConnectionPairs.Patience;

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task The_peer_keeps_writing_while_this_side_discards_and_still_answers(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            server.ShutdownReceive();
            server.ShutdownReceive();
            Assert.Equal(ConnectionState.ReceiveClosed, server.State);
            Assert.True(server.TryRead(new byte[8], out var atEnd));
            Assert.Equal(0, atEnd);
            Assert.False(await server.WaitToReadAsync().AsTask().WaitAsync(Patience));

            // Far more than every buffer on the way holds: only a reader that discards lets it all through.
            var payload = ByteStreams.RandomBytes(16 * 1024 * 1024, seed: 31);
            await ByteStreams.WriteInRandomChunksAsync(client.Sink, payload, seed: 32).WaitAsync(Patience);
            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(ConnectionState.SendClosed, client.State);

            await server.Sink.RunAsync("still answering"u8.ToArray()).AsTask().WaitAsync(Patience);
            await server.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.Equal("still answering"u8.ToArray(), await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
            Assert.Equal(ConnectionState.Closed, client.State);
        }
    }

    [Fact]
    public async Task Shutting_down_while_a_chunk_is_half_read_drops_the_rest_of_it()
    {
        var (client, server) = await ConnectionPairs.CreateAsync("memory");
        await using (client)
        await using (server)
        {
            await client.Sink.RunAsync("0123456789"u8.ToArray());
            Assert.True(await server.WaitToReadAsync().AsTask().WaitAsync(Patience));
            Assert.True(server.TryRead(new byte[4], out var count));
            Assert.Equal(4, count);

            server.ShutdownReceive();

            Assert.True(server.TryRead(new byte[8], out var atEnd));
            Assert.Equal(0, atEnd);
            await client.Sink.RunAsync("more"u8.ToArray()).AsTask().WaitAsync(Patience);
        }
    }
}
