namespace Streamcaps.Testing;

/// <summary>
/// Checks for a byte transport in one direction, after Trio's <c>check_one_way_stream</c>: 1 MiB of random
/// data in random chunk sizes arrives intact; a stalled reader stops the writer; complete makes the reader
/// complete, abort makes it fail; calls after the end fault; a second complete is harmless; an empty chunk
/// is not the end.
/// </summary>
/// <remarks>
/// Usage: subclass it and override <see cref="CreateStreamAsync"/> to return a fresh connected writer and
/// reader each time (for TCP: a client's <c>Sink</c> and the accepted connection's <c>Source</c>), with a
/// <see cref="OneWayEnds.Release"/> that disposes what was created. Transports that buffer a lot
/// before pushing back raise <see cref="MaxBufferedBytes"/>. Nothing here sleeps: a stall is a write that
/// does not complete within <see cref="StallGrace"/>, every other wait is bounded by <see cref="Timeout"/>.
/// </remarks>
public abstract class OneWayByteStreamConformance
{
    private const int OneMiB = 1024 * 1024;

    /// <summary>A new writer/reader pair.</summary>
    protected abstract Task<OneWayEnds> CreateStreamAsync();

    /// <summary>How far the writer may get ahead of a reader that reads nothing before it must stop.</summary>
    protected virtual long MaxBufferedBytes => 64L * OneMiB;

    /// <summary>How long a write may stay in flight before it counts as stopped by backpressure.</summary>
    protected virtual TimeSpan StallGrace => TimeSpan.FromMilliseconds(300);

    /// <summary>Whether a stalled reader stopping the writer is checked; a path whose pace is not the
    /// transport's (a relay that sends one byte at a time) checks the rest only.</summary>
    protected virtual bool ChecksBackpressure => true;

    /// <summary>The bound on every other wait; a check that exceeds it fails instead of hanging.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>Whether the transport can tell the reader that the writer aborted. Unix domain sockets have no
    /// reset: there the check asks only that the reader ends.</summary>
    protected virtual bool AbortReachesTheReader => true;

    /// <summary>Checks: One MiB in random chunks arrives intact and in order.</summary>
    [Fact]
    public async Task One_MiB_in_random_chunks_arrives_intact_and_in_order()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);
        var data = ByteStreams.RandomBytes(OneMiB, seed: 1);

        var reading = ByteStreams.ReadToEndAsync(stream.Reader);
        await ByteStreams.WriteInRandomChunksAsync(stream.Writer, data, seed: 2).WaitAsync(Timeout);
        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(data, await reading.WaitAsync(Timeout));
    }

    /// <summary>Checks: Stalled reader stops the writer.</summary>
    [Fact]
    public async Task Stalled_reader_stops_the_writer()
    {
        if (!ChecksBackpressure)
        {
            return;
        }

        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);
        var chunk = new byte[64 * 1024];
        long written = 0;
        Task? stopped = null;
        while (stopped is null)
        {
            Assert.True(written <= MaxBufferedBytes,
                $"the writer wrote {written} bytes while nobody read: no backpressure (MaxBufferedBytes = {MaxBufferedBytes})");
            var write = stream.Writer.RunAsync(chunk).AsTask();
            try
            {
                await write.WaitAsync(StallGrace);
                written += chunk.Length;
            }
            catch (TimeoutException)
            {
                stopped = write;
            }
        }

        var received = await ByteStreams.ReadExactlyAsync(stream.Reader, checked((int)(written + chunk.Length))).WaitAsync(Timeout);
        await stopped.WaitAsync(Timeout);
        Assert.Equal(written + chunk.Length, received.Length);
    }

    /// <summary>Checks: Complete makes the reader complete after the data.</summary>
    [Fact]
    public async Task Complete_makes_the_reader_complete_after_the_data()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);

        var reading = ByteStreams.ReadToEndAsync(stream.Reader);
        await stream.Writer.RunAsync("abc"u8.ToArray()).AsTask().WaitAsync(Timeout);
        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal("abc"u8.ToArray(), await reading.WaitAsync(Timeout));
    }

    /// <summary>Checks: Reader completes again on every call after the end.</summary>
    [Fact]
    public async Task Reader_completes_again_on_every_call_after_the_end()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);
        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);
        await ByteStreams.ReadToEndAsync(stream.Reader).WaitAsync(Timeout);

        var again = await ByteStreams.ReadToEndAsync(stream.Reader).WaitAsync(Timeout);

        Assert.Empty(again);
    }

    /// <summary>Checks: Abort makes the reader fail.</summary>
    [Fact]
    public async Task Abort_makes_the_reader_fail()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);

        var reading = ByteStreams.ReadToEndAsync(stream.Reader);
        await stream.Writer.RunAsync("partial"u8.ToArray()).AsTask().WaitAsync(Timeout);
        await stream.Writer.AbortAsync(new IOException("the writer gave up")).AsTask().WaitAsync(Timeout);

        if (!AbortReachesTheReader)
        {
            await Task.WhenAny(reading).WaitAsync(Timeout);
            return;
        }

        await Assert.ThrowsAnyAsync<Exception>(() => reading.WaitAsync(Timeout));
        Assert.False(reading.IsCompletedSuccessfully, "the reader ended cleanly after the writer aborted");
    }

    /// <summary>Checks: Write after complete faults with InvalidOperationException.</summary>
    [Fact]
    public async Task Write_after_complete_faults_with_InvalidOperationException()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);
        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.Writer.RunAsync("x"u8.ToArray()).AsTask().WaitAsync(Timeout));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.Writer.RunAsync(ReadOnlyMemory<byte>.Empty).AsTask().WaitAsync(Timeout));
    }

    /// <summary>Checks: Write after abort faults with InvalidOperationException.</summary>
    [Fact]
    public async Task Write_after_abort_faults_with_InvalidOperationException()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);
        await stream.Writer.AbortAsync(new IOException("gave up")).AsTask().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.Writer.RunAsync("x"u8.ToArray()).AsTask().WaitAsync(Timeout));
    }

    /// <summary>Checks: Second complete and abort after complete are harmless.</summary>
    [Fact]
    public async Task Second_complete_and_abort_after_complete_are_harmless()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);
        var reading = ByteStreams.ReadToEndAsync(stream.Reader);

        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);
        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);
        await stream.Writer.AbortAsync(new IOException("too late")).AsTask().WaitAsync(Timeout);

        Assert.Empty(await reading.WaitAsync(Timeout));
    }

    /// <summary>Checks: Empty chunk is not the end.</summary>
    [Fact]
    public async Task Empty_chunk_is_not_the_end()
    {
        await using var stream = await CreateStreamAsync().WaitAsync(Timeout);

        var reading = ByteStreams.ReadToEndAsync(stream.Reader);
        await stream.Writer.RunAsync(ReadOnlyMemory<byte>.Empty).AsTask().WaitAsync(Timeout);
        await stream.Writer.RunAsync("y"u8.ToArray()).AsTask().WaitAsync(Timeout);
        await stream.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal("y"u8.ToArray(), await reading.WaitAsync(Timeout));
    }
}
