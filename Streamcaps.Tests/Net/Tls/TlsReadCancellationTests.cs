using Streamcaps.Tests.Support;
using Xunit.Abstractions;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>
/// A TLS source read with a caller's token that can be cancelled, on a connection a stopping server can end
/// (the server side of <see cref="Streamcaps.Net.Tls.ListenAsync(System.Net.IPEndPoint, System.Net.Security.SslServerAuthenticationOptions, Func{IConnection, Task}, CancellationToken)"/>),
/// so both the caller and the stop can end a read: it allocates nothing per chunk, the caller's cancellation
/// is reported with the caller's token and leaves the source usable, and the stop still ends it.
/// </summary>
/// <remarks>It measures the whole process's allocations, so it runs alone, in the collection of the other TLS
/// test that measures the whole heap.</remarks>
[Collection(nameof(TlsIdleMemoryTests))]
public class TlsReadCancellationTests(ITestOutputHelper output)
{
    private const int Chunk = 16 * 1024;

    [Fact]
    public async Task Echo_with_a_cancellable_token_allocates_nothing_per_chunk()
    {
        var pair = await TlsLoopbackPair.ConnectAsync();
        try
        {
            using var caller = new CancellationTokenSource();
            var payload = new byte[Chunk];
            Random.Shared.NextBytes(payload);
            // The server's source delivers straight into its own sink: the echo.
            var echo = new CountingSink(pair.Server.Sink);
            var back = new CountingSink(target: null);

            async Task EchoAsync(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    await pair.Client.Sink.RunAsync(payload, caller.Token);
                    var echoed = echo.Bytes + Chunk;
                    while (echo.Bytes < echoed)
                    {
                        await pair.Server.Source.RunAsync(echo, caller.Token);
                    }

                    var expected = back.Bytes + Chunk;
                    while (back.Bytes < expected)
                    {
                        await pair.Client.Source.RunAsync(back, caller.Token);
                    }
                }
            }

            async Task<long> AllocatedAsync(int count)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await EchoAsync(count).WaitAsync(TimeSpan.FromSeconds(60));
                return GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            const int few = 200, extra = 2_000;
            await AllocatedAsync(few);

            // The count is the whole process's: work another test left running (a connection lingering to its
            // end) can land in one measurement, so the figure is the smallest of up to five (it failed once in a
            // full run with three). An allocation per echo would show in every one of them.
            var extraBytes = long.MaxValue;
            for (var attempt = 0; attempt < 5 && extraBytes >= extra * 16L; attempt++)
            {
                var fewBytes = await AllocatedAsync(few);
                extraBytes = Math.Min(extraBytes, await AllocatedAsync(few + extra) - fewBytes);
            }

            output.WriteLine($"{extra} more echoes allocated {extraBytes} more bytes");

            // A linked CancellationTokenSource per read (with its two registrations) is well over 50 bytes per
            // echo; 16 bytes per echo leaves room for the runtime's own background work.
            Assert.True(extraBytes < extra * 16L, $"{extra} more echoes of {Chunk} bytes allocated {extraBytes} more bytes");
        }
        finally
        {
            await pair.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cancelling_a_pending_read_reports_the_callers_token_and_the_next_read_gets_the_data()
    {
        var pair = await TlsLoopbackPair.ConnectAsync();
        try
        {
            var received = new RecordingByteSink();
            for (var round = 0; round < 3; round++)
            {
                // Each round cancels a fresh token: the canceller that fired is not reused for the next read.
                using var caller = new CancellationTokenSource();
                var pending = pair.Server.Source.RunAsync(received, caller.Token).AsTask();
                Assert.False(pending.IsCompleted, "nothing was sent, so the read waits");
                await caller.CancelAsync();

                var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TlsPair.Bound));
                Assert.Equal(caller.Token, cancelled.CancellationToken);
            }

            await pair.Client.Sink.RunAsync("after the cancellations"u8.ToArray());
            using var patient = new CancellationTokenSource();
            await pair.Server.Source.RunAsync(received, patient.Token).AsTask().WaitAsync(TlsPair.Bound);
            Assert.Equal("after the cancellations"u8.ToArray(), received.Received);
        }
        finally
        {
            await pair.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stopping_server_ends_a_read_that_waits_with_the_callers_token()
    {
        var pair = await TlsLoopbackPair.ConnectAsync();
        Task? stopping = null;
        try
        {
            using var caller = new CancellationTokenSource();
            var received = new RecordingByteSink();
            var pending = pair.Server.Source.RunAsync(received, caller.Token).AsTask();
            Assert.False(pending.IsCompleted, "nothing was sent, so the read waits");

            stopping = pair.Listener.StopAsync();
            await pending.WaitAsync(TlsPair.Bound);

            // The stop ends the source at an item boundary, as the peer's close_notify would: a clean end.
            Assert.Null(await received.Ended.WaitAsync(TlsPair.Bound));
            Assert.False(caller.IsCancellationRequested);
        }
        finally
        {
            await pair.DisposeAsync();
            if (stopping is not null)
            {
                await stopping.WaitAsync(TlsPair.Bound);
            }
        }
    }

    /// <summary>Counts what it receives and passes it on to <paramref name="target"/>, if any, allocating nothing.</summary>
    private sealed class CountingSink(ISink<ReadOnlyMemory<byte>>? target) : ISink<ReadOnlyMemory<byte>>
    {
        public long Bytes { get; private set; }

        public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
        {
            Bytes += item.Length;
            return target?.RunAsync(item, cancellationToken) ?? default;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => target?.CompleteAsync(cancellationToken) ?? default;

        public ValueTask AbortAsync(Exception problem) => target?.AbortAsync(problem) ?? default;
    }
}
