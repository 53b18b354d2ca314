namespace Streamcaps.Tests.Core;

public class PipeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Wait_mode_holds_a_delivery_to_a_full_buffer_until_the_reader_takes_an_item()
    {
        var (sink, source) = BufferedPipe.Create<int>(new BufferOptions { Capacity = 2 });
        await sink.RunAsync(1);
        await sink.RunAsync(2);

        var third = sink.RunAsync(3).AsTask();
        Assert.False(third.IsCompleted, "the writer got past a full buffer");

        var first = Sink.ToList<int>();
        await source.RunAsync(first);
        await third.WaitAsync(Timeout);
        await sink.CompleteAsync();
        var rest = Sink.ToList<int>();
        await Flow.RunAsync(source, rest).WaitAsync(Timeout);
        Assert.Equal([2, 3], await rest.Result);
    }

    [Fact]
    public async Task Closing_the_reader_faults_a_writer_waiting_for_room_instead_of_leaving_it_waiting()
    {
        var pipe = BufferedPipe.Create<int>(new BufferOptions { Capacity = 1 });
        await pipe.Sink.RunAsync(1);
        var waiting = pipe.Sink.RunAsync(2).AsTask();
        Assert.False(waiting.IsCompleted, "the writer got past a full buffer");

        pipe.CloseReader();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.WaitAsync(Timeout));
        Assert.Contains("reader was closed", failure.Message);
    }

    [Theory]
    [InlineData(OverflowMode.Wait)]
    [InlineData(OverflowMode.DropOldest)]
    [InlineData(OverflowMode.Fail)]
    public async Task After_the_reader_closed_deliveries_and_reads_fault_and_a_second_close_is_harmless(OverflowMode overflow)
    {
        var pipe = BufferedPipe.Create<int>(new BufferOptions { Capacity = 4, Overflow = overflow });
        await pipe.Sink.RunAsync(1);

        pipe.CloseReader();
        pipe.CloseReader();

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipe.Sink.RunAsync(2).AsTask().WaitAsync(Timeout));
        var reader = Sink.ToList<int>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipe.Source.RunAsync(reader).AsTask().WaitAsync(Timeout));
        Assert.False(reader.Result.IsCompleted, "the reader's sink was signalled after its own close");
    }

    [Theory]
    [InlineData(OverflowMode.DropOldest, new[] { 4, 5 }, new[] { 1, 2, 3 })]
    [InlineData(OverflowMode.DropNewest, new[] { 1, 2 }, new[] { 3, 4, 5 })]
    public async Task Drop_modes_never_make_the_writer_wait_and_count_and_report_every_drop(
        OverflowMode overflow, int[] kept, int[] expectedDrops)
    {
        var dropped = new List<int>();
        var pipe = BufferedPipe.Create<int>(new BufferOptions { Capacity = 2, Overflow = overflow }, dropped.Add);

        await Flow.RunAsync(Source.From([1, 2, 3, 4, 5]), pipe.Sink).WaitAsync(Timeout);

        Assert.Equal(kept, await ReadAllAsync(pipe.Source));
        Assert.Equal(expectedDrops.Length, pipe.DroppedCount);
        Assert.Equal(expectedDrops, dropped);
    }

    [Fact]
    public async Task Fail_mode_faults_the_delivery_with_BufferOverflowException_and_keeps_the_buffer()
    {
        var pipe = BufferedPipe.Create<int>(new BufferOptions { Capacity = 2, Overflow = OverflowMode.Fail });
        await pipe.Sink.RunAsync(1);
        await pipe.Sink.RunAsync(2);

        var overflow = await Assert.ThrowsAsync<BufferOverflowException>(() => pipe.Sink.RunAsync(3).AsTask());

        Assert.Equal(2, overflow.Capacity);
        Assert.Contains("Capacity", overflow.Message, StringComparison.Ordinal);
        await pipe.Sink.CompleteAsync();
        Assert.Equal([1, 2], await ReadAllAsync(pipe.Source));
        Assert.Equal(0, pipe.DroppedCount);
    }

    [Fact]
    public async Task Abort_drops_the_buffer_and_aborts_the_reader_with_the_same_problem()
    {
        var (sink, source) = BufferedPipe.Create<int>();
        var problem = new InvalidDataException("writer failed");
        await sink.RunAsync(1);

        await sink.AbortAsync(problem);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(source));
        Assert.Same(problem, thrown);
    }

    [Fact]
    public async Task Reader_waiting_on_an_empty_buffer_is_woken_by_the_abort()
    {
        var (sink, source) = BufferedPipe.Create<int>();
        var reading = ReadAllAsync(source);

        await sink.AbortAsync(new InvalidDataException("writer failed"));

        await Assert.ThrowsAsync<InvalidDataException>(() => reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Byte_pipe_copies_lent_chunks_so_the_writer_may_reuse_its_buffer()
    {
        var (sink, source) = BufferedPipe.CreateBytes();
        var buffer = "first"u8.ToArray();
        await sink.RunAsync(buffer);
        "XXXXX"u8.CopyTo(buffer);
        await sink.CompleteAsync();

        var text = Sink.CollectString();
        await Flow.RunAsync(source, text).WaitAsync(Timeout);

        Assert.Equal("first", await text.Result);
    }

    [Fact]
    public async Task Writer_runs_at_the_pace_of_a_slow_reader_and_loses_nothing()
    {
        var (sink, source) = BufferedPipe.Create<int>(new BufferOptions { Capacity = 4 });
        var received = new List<int>();

        var writing = Flow.RunAsync(Source.From(Enumerable.Range(0, 1000)), sink);
        await Flow.RunAsync(source, Sink.ForEach<int>(async (item, _) =>
        {
            received.Add(item);
            await Task.Yield();
        })).WaitAsync(Timeout);
        await writing.WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 1000), received);
    }

    [Fact]
    public void Capacity_below_one_is_rejected()
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new BufferOptions { Capacity = 0 });
        Assert.Equal("value", thrown.ParamName);
    }

    [Fact]
    public void Undefined_overflow_mode_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BufferOptions { Overflow = (OverflowMode)42 });
    }

    private static async Task<IReadOnlyList<int>> ReadAllAsync(ISource<int> source)
    {
        var list = Sink.ToList<int>();
        await Flow.RunAsync(source, list).WaitAsync(Timeout);
        return await list.Result;
    }
}
