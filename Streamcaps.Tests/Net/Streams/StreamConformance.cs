using System.Text;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Streams;

/// <summary>
/// The <see cref="Stream"/> contract of a connected, two-way, unseekable stream, as <c>NetworkStream</c> and
/// <c>SslStream</c> keep it (the rules dotnet/runtime's <c>ConnectedStreamConformanceTests</c> check, written
/// anew): argument validation on every overload, disposal, cancellation, zero-byte reads, reads of every size,
/// large and concurrent transfers, the end of the stream, resets and broken pipes.
/// </summary>
/// <remarks>
/// Subclass it and override <see cref="CreatePairAsync"/>. Every wait is bounded by <see cref="Bound"/> and
/// every blocking call runs on a thread of its own, so a deadlock fails its test instead of hanging the run.
/// </remarks>
public abstract class StreamConformance
{
    /// <summary>The bound on every wait.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const int Payload = 100_000;

    /// <summary>A fresh pair of connected streams.</summary>
    protected abstract Task<StreamPair> CreatePairAsync();

    /// <summary>Whether a read cancelled while pending leaves the stream readable with nothing lost
    /// (<c>SslStream</c> does not promise it).</summary>
    protected virtual bool UsableAfterCancelledRead => true;

    /// <summary>Whether the stream promises what cancelling a pending write does: the connection is reset and
    /// every later write throws <see cref="IOException"/>. Streamcaps' views do; .NET's streams leave it open.</summary>
    protected virtual bool PendingWriteCancellationResets => true;

    /// <summary>Whether calls made with an already cancelled token leave the stream usable (<c>SslStream</c>'s
    /// pre-cancelled write breaks its record sequence).</summary>
    protected virtual bool UsableAfterPrecancelledCalls => true;

    /// <summary>What a read started while another is pending throws, or null when the stream takes it
    /// (NetworkStream queues it; SslStream throws <see cref="NotSupportedException"/>).</summary>
    protected virtual Type? OverlappingReadException => typeof(InvalidOperationException);

    /// <summary>Whether every read after a reset throws, not only the first. Streamcaps' views promise it (a
    /// reset is never taken for a clean end); a socket on Linux reports the reset once, then reads 0.</summary>
    protected virtual bool ResetReportedOnEveryRead => true;

    /// <summary>Whether disposing the stream ends its writing cleanly, so the peer reads every byte and then
    /// the end (<c>SslStream</c> closes without close_notify).</summary>
    protected virtual bool DisposalEndsWritesCleanly => true;

    /// <summary>Whether disposal always ends a pending read with an exception. NetworkStream on Linux does not:
    /// closing its socket sometimes ends the pending receive with 0 instead (seen twice in full runs).</summary>
    protected virtual bool DisposalAlwaysFailsPendingRead => true;

    private async Task<StreamPair> PairAsync() => await CreatePairAsync().WaitAsync(Bound);

    private static byte[] Bytes(int count, int seed = 1) => ByteStreams.RandomBytes(count, seed);

    [Fact]
    public async Task A_fresh_stream_reads_and_writes_and_cannot_seek()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;

        Assert.True(stream.CanRead);
        Assert.True(stream.CanWrite);
        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Position);
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
    }

    [Fact]
    public async Task Every_overload_validates_its_arguments_without_blocking()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;

        await DedicatedThread.RunAsync(() =>
        {
            var one = new byte[1];
            foreach (var (offset, count) in new[] { (0, 0), (1, 2) })
            {
                AssertArgument<ArgumentNullException>("buffer", () => stream.Read(null!, offset, count));
                AssertArgument<ArgumentNullException>("buffer", () => stream.ReadAsync(null!, offset, count));
                AssertArgument<ArgumentNullException>("buffer", () => stream.ReadAsync(null!, offset, count, default));
                AssertArgument<ArgumentNullException>("buffer", () => stream.BeginRead(null!, offset, count, null, null));
                AssertArgument<ArgumentNullException>("buffer", () => stream.Write(null!, offset, count));
                AssertArgument<ArgumentNullException>("buffer", () => stream.WriteAsync(null!, offset, count));
                AssertArgument<ArgumentNullException>("buffer", () => stream.WriteAsync(null!, offset, count, default));
                AssertArgument<ArgumentNullException>("buffer", () => stream.BeginWrite(null!, offset, count, null, null));
            }

            AssertArgument<ArgumentNullException>("asyncResult", () => stream.EndRead(null!));
            AssertArgument<ArgumentNullException>("asyncResult", () => stream.EndWrite(null!));
            AssertArgument<ArgumentOutOfRangeException>("offset", () => stream.Read(one, -1, 0));
            AssertArgument<ArgumentOutOfRangeException>("offset", () => stream.ReadAsync(one, -1, 0));
            AssertArgument<ArgumentOutOfRangeException>("offset", () => stream.BeginRead(one, -1, 0, null, null));
            AssertArgument<ArgumentOutOfRangeException>("offset", () => stream.Write(one, -1, 0));
            AssertArgument<ArgumentOutOfRangeException>("offset", () => stream.WriteAsync(one, -1, 0));
            AssertArgument<ArgumentOutOfRangeException>("offset", () => stream.BeginWrite(one, -1, 0, null, null));
            foreach (var (offset, count) in new[] { (0, -1), (0, 2), (1, 1), (2, 0), (int.MaxValue, int.MaxValue) })
            {
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.Read(one, offset, count));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.ReadAsync(one, offset, count));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.ReadAsync(one, offset, count, default));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.BeginRead(one, offset, count, null, null));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.Write(one, offset, count));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.WriteAsync(one, offset, count));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.WriteAsync(one, offset, count, default));
                AssertArgument<ArgumentOutOfRangeException>("count", () => stream.BeginWrite(one, offset, count, null, null));
            }

            AssertArgument<ArgumentNullException>("destination", () => stream.CopyTo(null!));
            AssertArgument<ArgumentNullException>("destination", () => stream.CopyToAsync(null!));
            AssertArgument<ArgumentOutOfRangeException>("bufferSize", () => stream.CopyToAsync(new MemoryStream(), 0));
            Assert.Throws<NotSupportedException>(() => { _ = stream.CopyToAsync(new MemoryStream([], writable: false)); });
        }).WaitAsync(Bound);

        // Nothing above touched the connection: it still carries bytes both ways.
        await AssertRoundTripAsync(pair);
    }

    [Fact]
    public async Task Timeouts_behave_as_NetworkStream_s()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;

        Assert.True(stream.CanTimeout);
        Assert.Equal(Timeout.Infinite, stream.ReadTimeout);
        Assert.Equal(Timeout.Infinite, stream.WriteTimeout);
        foreach (var invalid in new[] { 0, -2 })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => stream.ReadTimeout = invalid);
            Assert.Throws<ArgumentOutOfRangeException>(() => stream.WriteTimeout = invalid);
        }

        stream.ReadTimeout = 100;
        stream.WriteTimeout = 200;
        Assert.Equal(100, stream.ReadTimeout);
        Assert.Equal(200, stream.WriteTimeout);
        stream.ReadTimeout = Timeout.Infinite;
        stream.WriteTimeout = Timeout.Infinite;
        Assert.Equal(Timeout.Infinite, stream.ReadTimeout);
        Assert.Equal(Timeout.Infinite, stream.WriteTimeout);
    }

    [Fact]
    public async Task A_synchronous_read_past_its_timeout_throws_IOException_and_loses_nothing()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;
        stream.ReadTimeout = 50;

        await DedicatedThread.RunAsync(() => Assert.ThrowsAny<IOException>(() => stream.Read(new byte[1], 0, 1))).WaitAsync(Bound);

        if (UsableAfterCancelledRead)
        {
            stream.ReadTimeout = Timeout.Infinite;
            await pair.Peer.WriteAsync("late"u8.ToArray()).AsTask().WaitAsync(Bound);
            Assert.Equal("late"u8.ToArray(), await DedicatedThread.RunAsync(() => stream.ReadExactlyAsync(4)).WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Disposal_is_idempotent_and_every_later_call_throws_ObjectDisposedException(int disposal)
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;

        await DedicatedThread.RunAsync(async () =>
        {
            await DisposeAsync(stream, disposal);
            stream.Dispose();
            await stream.DisposeAsync();
            stream.Close();
        }).WaitAsync(Bound);

        Assert.False(stream.CanRead);
        Assert.False(stream.CanWrite);
        Assert.False(stream.CanSeek);
        var one = new byte[1];
        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        Assert.Throws<ObjectDisposedException>(() => stream.Read(one, 0, 1));
        Assert.Throws<ObjectDisposedException>(() => stream.Read(one.AsSpan()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(one, 0, 1));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => _ = await stream.ReadAsync(one.AsMemory()));
        Assert.Throws<ObjectDisposedException>(() => stream.EndRead(stream.BeginRead(one, 0, 1, null, null)));
        Assert.Throws<ObjectDisposedException>(() => stream.WriteByte(1));
        Assert.Throws<ObjectDisposedException>(() => stream.Write(one, 0, 1));
        Assert.Throws<ObjectDisposedException>(() => stream.Write(one.AsSpan()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.WriteAsync(one, 0, 1));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await stream.WriteAsync(one.AsMemory()));
        Assert.Throws<ObjectDisposedException>(() => stream.EndWrite(stream.BeginWrite(one, 0, 1, null, null)));
        Assert.Throws<ObjectDisposedException>(() => stream.CopyTo(new MemoryStream()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.CopyToAsync(new MemoryStream()));
        Assert.Throws<ObjectDisposedException>(() => stream.ReadTimeout);
        Assert.Throws<ObjectDisposedException>(() => stream.WriteTimeout = 1);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public async Task Disposal_does_not_throw_when_the_peer_is_gone(int disposal, bool resetSeen)
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;
        await stream.WriteAsync("unanswered"u8.ToArray()).AsTask().WaitAsync(Bound);

        await pair.ResetPeerAsync().WaitAsync(Bound);
        if (resetSeen)
        {
            await Assert.ThrowsAnyAsync<IOException>(() => ReadUntilFailureAsync(stream)).WaitAsync(Bound);
        }

        await DedicatedThread.RunAsync(() => DisposeAsync(stream, disposal)).WaitAsync(Bound);
        await DedicatedThread.RunAsync(() => DisposeAsync(stream, disposal)).WaitAsync(Bound);
        Assert.False(stream.CanRead);
    }

    [Fact]
    public async Task Disposal_ends_a_pending_read_with_an_exception()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;
        var pending = stream.ReadAsync(new byte[16]).AsTask();
        Assert.False(pending.IsCompleted);

        await DedicatedThread.RunAsync(() => stream.Dispose()).WaitAsync(Bound);

        var ended = await Record.ExceptionAsync(() => pending.WaitAsync(Bound));
        if (ended is null && !DisposalAlwaysFailsPendingRead)
        {
            Assert.Equal(0, await pending);
            return;
        }

        Assert.True(ended is ObjectDisposedException or IOException or OperationCanceledException,
            $"the pending read ended with {ended?.GetType().Name ?? "a result"}, not with an exception");
    }

    [Fact]
    public async Task Disposal_half_closes_so_the_peer_reads_everything_then_the_end()
    {
        if (!DisposalEndsWritesCleanly)
        {
            return;
        }

        await using var pair = await PairAsync();
        var data = Bytes(Payload);
        var reading = DedicatedThread.RunAsync(() => pair.Peer.ReadToEndAsync(StreamCall.AsyncMemory, 4096));

        await pair.Tested.WriteAsync(data).AsTask().WaitAsync(Bound);
        await pair.Tested.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.Equal(data, await reading.WaitAsync(Bound));
    }

    [Fact]
    public async Task Precancelled_calls_return_cancelled_tasks_and_the_stream_stays_usable()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;

        await AssertCancelledAsync(stream.ReadAsync(new byte[1], 0, 1, token), token);
        await AssertCancelledAsync(stream.ReadAsync(new byte[1].AsMemory(), token).AsTask(), token);
        await AssertCancelledAsync(stream.WriteAsync(new byte[1], 0, 1, token), token);
        await AssertCancelledAsync(stream.WriteAsync(new byte[1].AsMemory(), token).AsTask(), token);
        // A flush with nothing to flush may succeed instead (NetworkStream's does).
        if (await Record.ExceptionAsync(() => stream.FlushAsync(token)) is { } flushFailure)
        {
            Assert.Equal(token, Assert.IsAssignableFrom<OperationCanceledException>(flushFailure).CancellationToken);
        }

        await AssertCancelledAsync(stream.CopyToAsync(new MemoryStream(), token), token);

        if (UsableAfterPrecancelledCalls)
        {
            await AssertRoundTripAsync(pair);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_a_pending_read_cancels_that_read_and_loses_nothing(bool valueTask)
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;

        for (var round = 0; round < 2; round++)
        {
            using var cancel = new CancellationTokenSource();
            var pending = valueTask
                ? stream.ReadAsync(new byte[8].AsMemory(), cancel.Token).AsTask()
                : stream.ReadAsync(new byte[8], 0, 8, cancel.Token);
            Assert.False(pending.IsCompleted);
            await cancel.CancelAsync();
            await AssertCancelledAsync(pending, cancel.Token);
        }

        if (!UsableAfterCancelledRead)
        {
            return;
        }

        var next = stream.ReadAsync(new byte[5].AsMemory()).AsTask();
        await pair.Peer.WriteAsync("after"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.InRange(await next.WaitAsync(Bound), 1, 5);
        await AssertRoundTripAsync(pair);
    }

    [Fact]
    public async Task A_read_started_while_another_is_pending_is_refused_and_the_first_completes()
    {
        if (OverlappingReadException is not { } refusal)
        {
            return;
        }

        await using var pair = await PairAsync();
        var first = pair.Tested.ReadAsync(new byte[1]).AsTask();

        await Assert.ThrowsAsync(refusal, async () => _ = await pair.Tested.ReadAsync(new byte[1]));
        Assert.False(first.IsCompleted);
        await pair.Peer.WriteAsync("x"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.Equal(1, await first.WaitAsync(Bound));
    }

    [Fact]
    public async Task Cancelling_a_pending_write_resets_the_connection_and_later_writes_throw_IOException()
    {
        if (!PendingWriteCancellationResets)
        {
            return;
        }

        await using var pair = await PairAsync();
        var stream = pair.Tested;
        using var cancel = new CancellationTokenSource();
        var chunk = Bytes(4 * 1024 * 1024);
        Task pending;
        var written = 0;
        // The peer does not read: some write soon waits for room, however much the transport buffers.
        while ((pending = stream.WriteAsync(chunk, 0, chunk.Length, cancel.Token)).IsCompletedSuccessfully)
        {
            written += chunk.Length;
            Assert.InRange(written, 0, 256 * 1024 * 1024);
        }

        await cancel.CancelAsync();
        await AssertCancelledAsync(pending, cancel.Token);

        await Assert.ThrowsAnyAsync<IOException>(() => stream.WriteAsync(new byte[1]).AsTask()).WaitAsync(Bound);
        await Assert.ThrowsAnyAsync<IOException>(() => stream.WriteAsync(new byte[1]).AsTask()).WaitAsync(Bound);
        // The peer sees a failure, never a clean end of a stream that was cut.
        await Assert.ThrowsAnyAsync<IOException>(() => pair.Peer.ReadToEndAsync(StreamCall.AsyncMemory, 64 * 1024)).WaitAsync(Bound);
    }

    [Theory]
    [MemberData(nameof(StreamCalls.WithBuffer), MemberType = typeof(StreamCalls))]
    public async Task A_zero_byte_read_waits_for_data_and_consumes_none(StreamCall call)
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;

        for (var round = 0; round < 2; round++)
        {
            var waiting = DedicatedThread.RunAsync(() => stream.ReadAsync(call, [], 0, 0));
            Assert.False(waiting.IsCompleted);

            await pair.Peer.WriteAsync("hello"u8.ToArray()).AsTask().WaitAsync(Bound);
            Assert.Equal(0, await waiting.WaitAsync(Bound));
            Assert.Equal(0, await DedicatedThread.RunAsync(() => stream.ReadAsync(call, [], 0, 0)).WaitAsync(Bound));
            Assert.Equal("hello"u8.ToArray(), await stream.ReadExactlyAsync(5).WaitAsync(Bound));
        }
    }

    [Theory]
    [MemberData(nameof(StreamCalls.WithBuffer), MemberType = typeof(StreamCalls))]
    public async Task A_zero_byte_read_after_the_peer_s_end_returns_0(StreamCall call)
    {
        await using var pair = await PairAsync();
        await pair.EndPeerWritesAsync().WaitAsync(Bound);

        Assert.Equal(0, await DedicatedThread.RunAsync(() => pair.Tested.ReadAsync(call, [], 0, 0)).WaitAsync(Bound));
        Assert.Equal(0, await DedicatedThread.RunAsync(() => pair.Tested.ReadAsync(call, new byte[1], 0, 1)).WaitAsync(Bound));
    }

    public static TheoryData<StreamCall, int> CallsAndSizes()
    {
        var data = new TheoryData<StreamCall, int>();
        foreach (var call in Enum.GetValues<StreamCall>())
        {
            foreach (var size in call == StreamCall.SyncByte ? new[] { 1 } : [1, 2, 3, 7, 100, 4096, 65_537])
            {
                data.Add(call, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CallsAndSizes))]
    public async Task Reads_of_every_size_get_every_byte_in_order_then_the_end(StreamCall call, int bufferSize)
    {
        await using var pair = await PairAsync();
        var data = Bytes(Payload, seed: bufferSize);

        var reading = DedicatedThread.RunAsync(() => pair.Tested.ReadToEndAsync(call, bufferSize));
        await WriteInChunksAsync(pair.Peer, data);
        await pair.EndPeerWritesAsync().WaitAsync(Bound);

        Assert.Equal(data, await reading.WaitAsync(Bound));
        Assert.Equal(0, await DedicatedThread.RunAsync(() => pair.Tested.ReadAsync(call, new byte[1], 0, 1)).WaitAsync(Bound));
        Assert.Equal(0, await DedicatedThread.RunAsync(() => pair.Tested.ReadAsync(call, new byte[1], 0, 1)).WaitAsync(Bound));
    }

    [Theory]
    [MemberData(nameof(StreamCalls.All), MemberType = typeof(StreamCalls))]
    public async Task Writes_of_every_kind_arrive_whole_and_in_order(StreamCall call)
    {
        await using var pair = await PairAsync();
        var data = Bytes(call == StreamCall.SyncByte ? 5_000 : Payload);
        var reading = pair.Peer.ReadToEndAsync(StreamCall.AsyncMemory, 16 * 1024);

        await DedicatedThread.RunAsync(async () =>
        {
            // Sizes 0, 1, 2, ... so empty writes and odd splits are among them.
            for (int offset = 0, size = 0; offset < data.Length; offset += size, size++)
            {
                await pair.Tested.WriteAsync(call, data, offset, Math.Min(size, data.Length - offset));
            }

            pair.Tested.Flush();
            await pair.Tested.FlushAsync();
        }).WaitAsync(Bound);
        await pair.EndTestedWritesAsync().WaitAsync(Bound);

        Assert.Equal(data, await reading.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public async Task A_large_write_arrives_whole(int mebibytes, bool synchronous)
    {
        await using var pair = await PairAsync();
        var data = Bytes(mebibytes * 1024 * 1024);
        var reading = DedicatedThread.RunAsync(() => pair.Peer.ReadExactlyAsync(data.Length));

        await DedicatedThread.RunAsync(() => pair.Tested.WriteAsync(synchronous ? StreamCall.SyncArray : StreamCall.AsyncMemory, data, 0, data.Length))
            .WaitAsync(Bound);

        Assert.Equal(data, await reading.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_and_writes_run_at_once_on_two_threads_both_ways(bool synchronous)
    {
        await using var pair = await PairAsync();
        const int Size = 4 * 1024 * 1024;
        var toPeer = Bytes(Size, seed: 11);
        var toTested = Bytes(Size, seed: 12);
        var call = synchronous ? StreamCall.SyncArray : StreamCall.AsyncMemory;

        var work = new[]
        {
            DedicatedThread.RunAsync(() => WriteInChunksAsync(pair.Tested, toPeer, call)),
            DedicatedThread.RunAsync(() => WriteInChunksAsync(pair.Peer, toTested, call)),
            DedicatedThread.RunAsync(() => ReadExactlyAsync(pair.Tested, Size, call)),
            DedicatedThread.RunAsync(() => ReadExactlyAsync(pair.Peer, Size, call)),
        };
        await Task.WhenAll(work).WaitAsync(Bound);

        Assert.Equal(toTested, await (Task<byte[]>)work[2]);
        Assert.Equal(toPeer, await (Task<byte[]>)work[3]);
    }

    [Fact]
    public async Task ReadByte_and_WriteByte_round_trip_every_value()
    {
        await using var pair = await PairAsync();
        var values = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await DedicatedThread.RunAsync(() =>
        {
            foreach (var value in values)
            {
                pair.Tested.WriteByte(value);
            }
        }).WaitAsync(Bound);
        var echoed = await pair.Peer.ReadExactlyAsync(values.Length).WaitAsync(Bound);
        await pair.Peer.WriteAsync(echoed).AsTask().WaitAsync(Bound);
        await pair.EndPeerWritesAsync().WaitAsync(Bound);

        var read = await DedicatedThread.RunAsync(() => pair.Tested.ReadToEndAsync(StreamCall.SyncByte, 1)).WaitAsync(Bound);
        Assert.Equal(values, read);
        Assert.Equal(-1, pair.Tested.ReadByte());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4096, false)]
    [InlineData(1024 * 1024, true)]
    [InlineData(1024 * 1024, false)]
    public async Task CopyTo_copies_everything_until_the_peer_ends(int size, bool asynchronous)
    {
        await using var pair = await PairAsync();
        var data = Bytes(size);
        var copy = new MemoryStream();
        var copying = asynchronous
            ? pair.Tested.CopyToAsync(copy)
            : DedicatedThread.RunAsync(() => pair.Tested.CopyTo(copy));

        await WriteInChunksAsync(pair.Peer, data);
        await pair.EndPeerWritesAsync().WaitAsync(Bound);

        await copying.WaitAsync(Bound);
        Assert.Equal(data, copy.ToArray());
    }

    [Theory]
    [MemberData(nameof(StreamCalls.All), MemberType = typeof(StreamCalls))]
    public async Task After_the_peer_s_end_every_read_returns_0(StreamCall call)
    {
        await using var pair = await PairAsync();
        await pair.Peer.WriteAsync("hi"u8.ToArray()).AsTask().WaitAsync(Bound);
        await pair.EndPeerWritesAsync().WaitAsync(Bound);

        var read = await DedicatedThread.RunAsync(async () =>
        {
            var bytes = await pair.Tested.ReadToEndAsync(call, 16);
            for (var again = 0; again < 3; again++)
            {
                Assert.Equal(0, await pair.Tested.ReadAsync(call, new byte[16], 0, 16));
            }

            return bytes;
        }).WaitAsync(Bound);

        Assert.Equal("hi"u8.ToArray(), read);
        // Half-closed, not closed: this side can still write.
        await pair.Tested.WriteAsync("still open"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.Equal("still open"u8.ToArray(), await pair.Peer.ReadExactlyAsync(10).WaitAsync(Bound));
    }

    [Theory]
    [MemberData(nameof(StreamCalls.All), MemberType = typeof(StreamCalls))]
    public async Task After_the_peer_s_reset_every_read_throws_IOException(StreamCall call)
    {
        await using var pair = await PairAsync();

        await pair.ResetPeerAsync().WaitAsync(Bound);

        await DedicatedThread.RunAsync(async () =>
        {
            await Assert.ThrowsAnyAsync<IOException>(() => ReadUntilFailureAsync(pair.Tested, call));
            for (var again = 0; again < (ResetReportedOnEveryRead ? 3 : 0); again++)
            {
                await Assert.ThrowsAnyAsync<IOException>(() => pair.Tested.ReadAsync(call, new byte[16], 0, 16));
            }
        }).WaitAsync(Bound);
    }

    [Fact]
    public async Task After_a_broken_pipe_every_write_throws_IOException()
    {
        await using var pair = await PairAsync();
        var stream = pair.Tested;
        await pair.ResetPeerAsync().WaitAsync(Bound);
        var chunk = new byte[64 * 1024];

        await DedicatedThread.RunAsync(async () =>
        {
            // The reset reaches this side after a while; until then a write may still be taken.
            var deadline = DateTime.UtcNow + Bound;
            var failure = await Record.ExceptionAsync(async () =>
            {
                while (DateTime.UtcNow < deadline)
                {
                    await stream.WriteAsync(chunk);
                }
            });
            Assert.IsAssignableFrom<IOException>(failure);

            foreach (var call in Enum.GetValues<StreamCall>())
            {
                for (var again = 0; again < 2; again++)
                {
                    var thrown = await Record.ExceptionAsync(() => stream.WriteAsync(call, chunk, 0, 16));
                    Assert.True(thrown is IOException, $"{call} after a broken pipe threw {thrown?.GetType().Name ?? "nothing"}");
                }
            }
        }).WaitAsync(Bound);
    }

    [Fact]
    public async Task Flush_succeeds_on_an_idle_stream_and_after_writes()
    {
        await using var pair = await PairAsync();

        pair.Tested.Flush();
        await pair.Tested.FlushAsync().WaitAsync(Bound);
        await pair.Tested.WriteAsync("x"u8.ToArray()).AsTask().WaitAsync(Bound);
        pair.Tested.Flush();
        await pair.Tested.FlushAsync().WaitAsync(Bound);

        Assert.Equal("x"u8.ToArray(), await pair.Peer.ReadExactlyAsync(1).WaitAsync(Bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_blocking_call_in_the_continuation_of_a_read_that_completed_inline_does_not_deadlock(bool write)
    {
        await using var pair = await PairAsync();
        var data = Bytes(256 * 1024);
        var first = new byte[1];
        var pending = pair.Tested.ReadAsync(first).AsTask();
        Assert.False(pending.IsCompleted);
        // Runs on whichever thread completes the read, inside the transport's delivery when the read completes there.
        var continuation = pending.ContinueWith(read =>
        {
            Assert.Equal(1, read.Result);
            if (write)
            {
                pair.Tested.Write("reply"u8);
            }

            var rest = new byte[data.Length - 1];
            pair.Tested.ReadExactly(rest);
            return first.Concat(rest).ToArray();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await pair.Peer.WriteAsync(data).AsTask().WaitAsync(Bound);

        Assert.Equal(data, await continuation.WaitAsync(Bound));
        if (write)
        {
            Assert.Equal("reply"u8.ToArray(), await pair.Peer.ReadExactlyAsync(5).WaitAsync(Bound));
        }
    }

    private static async Task DisposeAsync(Stream stream, int disposal)
    {
        switch (disposal)
        {
            case 0:
                stream.Close();
                break;
            case 1:
                stream.Dispose();
                break;
            default:
                await stream.DisposeAsync();
                break;
        }
    }

    private static void AssertArgument<T>(string name, Action call)
        where T : ArgumentException => Assert.Equal(name, Assert.Throws<T>(call).ParamName);

    private static void AssertArgument<T>(string name, Func<object?> call)
        where T : ArgumentException => Assert.Equal(name, Assert.Throws<T>(call).ParamName);

    private static async Task AssertCancelledAsync(Task task, CancellationToken token)
    {
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(Bound));
        Assert.Equal(token, cancelled.CancellationToken);
    }

    /// <summary>One message each way: the pair is still connected and in order.</summary>
    private static async Task AssertRoundTripAsync(StreamPair pair)
    {
        await pair.Tested.WriteAsync("ping"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.Equal("ping"u8.ToArray(), await pair.Peer.ReadExactlyAsync(4).WaitAsync(Bound));
        await pair.Peer.WriteAsync("pong"u8.ToArray()).AsTask().WaitAsync(Bound);
        Assert.Equal("pong", Encoding.ASCII.GetString(await pair.Tested.ReadExactlyAsync(4).WaitAsync(Bound)));
    }

    private static async Task ReadUntilFailureAsync(Stream stream, StreamCall call = StreamCall.AsyncMemory)
    {
        var buffer = new byte[64 * 1024];
        while (await stream.ReadAsync(call, buffer, 0, buffer.Length) > 0)
        {
        }

        Assert.Fail("the stream ended cleanly after a reset");
    }

    private static async Task WriteInChunksAsync(Stream stream, byte[] data, StreamCall call = StreamCall.AsyncMemory)
    {
        var random = new Random(data.Length);
        for (var offset = 0; offset < data.Length;)
        {
            var size = Math.Min(random.Next(1, 70_000), data.Length - offset);
            await stream.WriteAsync(call, data, offset, size);
            offset += size;
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, StreamCall call)
    {
        var bytes = new byte[count];
        for (var received = 0; received < count;)
        {
            var read = await stream.ReadAsync(call, bytes, received, Math.Min(count - received, 50_000));
            Assert.InRange(read, 1, count - received);
            received += read;
        }

        return bytes;
    }
}
