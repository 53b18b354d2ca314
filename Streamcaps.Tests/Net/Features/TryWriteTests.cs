using Streamcaps.Net;
using Streamcaps.Net.Memory;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Features;

/// <summary>m2stream's non-blocking and partial writes (<see cref="ConnectionFeatures.TryWrite"/>,
/// <see cref="ConnectionFeatures.WriteSomeAsync"/>) and Mnet's uninterruptible write
/// (<see cref="ConnectionFeatures.WriteWithoutInterruptionAsync"/>).</summary>
public class TryWriteTests
{
    private static readonly TimeSpan Patience = ConnectionPairs.Patience;

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task TryWrite_accepts_bytes_the_peer_then_receives(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            Assert.True(client.TryWrite("hello"u8, out var written));
            Assert.Equal(5, written);
            await client.WaitToWriteAsync().AsTask().WaitAsync(Patience);
            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);

            Assert.Equal("hello"u8.ToArray(), await ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Patience));
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task TryWrite_would_block_while_the_peer_reads_nothing_and_every_accepted_byte_arrives(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            // More than loopback TCP buffers hold (a few MiB each way), so the writer must meet "would block".
            var payload = ByteStreams.RandomBytes(48 * 1024 * 1024, seed: 21);
            var accepted = 0;
            var wouldBlock = false;
            while (accepted < payload.Length)
            {
                if (!client.TryWrite(payload.AsSpan(accepted), out var written))
                {
                    wouldBlock = true;
                    break;
                }

                Assert.InRange(written, 1, ConnectionFeatures.MaxWriteSize);
                accepted += written;
            }

            Assert.True(wouldBlock, $"every one of {accepted} bytes was accepted at once");
            var writable = client.WaitToWriteAsync().AsTask();
            Assert.False(writable.IsCompleted);

            var reading = ByteStreams.ReadToEndAsync(server.Source);
            await writable.WaitAsync(Patience);
            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);

            Assert.Equal(payload.AsMemory(0, accepted).ToArray(), await reading.WaitAsync(Patience));
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task WriteSomeAsync_returns_how_many_bytes_were_accepted(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            var payload = ByteStreams.RandomBytes(200_000, seed: 22);
            var reading = ByteStreams.ReadToEndAsync(server.Source);

            var first = await client.WriteSomeAsync(payload).AsTask().WaitAsync(Patience);
            Assert.Equal(ConnectionFeatures.MaxWriteSize, first);
            for (var sent = first; sent < payload.Length;)
            {
                sent += await client.WriteSomeAsync(payload.AsMemory(sent)).AsTask().WaitAsync(Patience);
            }

            Assert.Equal(0, await client.WriteSomeAsync(ReadOnlyMemory<byte>.Empty));
            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(payload, await reading.WaitAsync(Patience));
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task A_write_without_interruption_is_not_cut_by_cancellation_once_started(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind, MemoryConnectionOptions.Lockstep);
        await using (client)
        await using (server)
        {
            var payload = ByteStreams.RandomBytes(16 * 1024 * 1024, seed: 23);
            using var cancel = new CancellationTokenSource();
            var writing = client.WriteWithoutInterruptionAsync(payload, cancel.Token).AsTask();
            Assert.False(writing.IsCompleted, "the peer reads nothing yet, so the write must be waiting");

            await cancel.CancelAsync();
            var reading = ByteStreams.ReadToEndAsync(server.Source);
            await writing.WaitAsync(Patience);
            Assert.Equal(ConnectionState.Open, client.State);

            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(payload, await reading.WaitAsync(Patience));
        }
    }

    [Fact]
    public async Task A_write_without_interruption_cancelled_before_it_starts_sends_nothing()
    {
        var (client, server) = await ConnectionPairs.CreateAsync("tcp");
        await using (client)
        await using (server)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                client.WriteWithoutInterruptionAsync("never"u8.ToArray(), new CancellationToken(canceled: true)).AsTask());

            await client.Sink.CompleteAsync();
            Assert.Empty(await ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Patience));
        }
    }
}
