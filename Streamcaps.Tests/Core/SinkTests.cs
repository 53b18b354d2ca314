using System.Text;

namespace Streamcaps.Tests.Core;

public class SinkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ToList_result_is_every_item_in_order_once_completed()
    {
        var list = Sink.ToList<int>();

        await Flow.RunAsync(Source.From([3, 1, 2]), list).WaitAsync(Timeout);

        Assert.Equal([3, 1, 2], await list.Result);
    }

    [Fact]
    public async Task ToList_result_is_pending_until_the_sink_is_completed()
    {
        var list = Sink.ToList<int>();
        await list.RunAsync(1);

        Assert.False(list.Result.IsCompleted);
        await list.CompleteAsync();
        Assert.Equal([1], await list.Result.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ToList_result_faults_with_the_abort_problem()
    {
        var list = Sink.ToList<int>();
        var problem = new InvalidDataException("the flow failed");

        await list.AbortAsync(problem);

        Assert.Same(problem, await Assert.ThrowsAsync<InvalidDataException>(() => list.Result));
    }

    [Fact]
    public async Task Result_is_cancelled_when_the_flow_was_cancelled()
    {
        var list = Sink.ToList<int>();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Flow.RunAsync(Source.From([1]), list, cancellation.Token));

        Assert.True(list.Result.IsCanceled);
    }

    [Fact]
    public async Task ForEach_waits_for_the_delegate_before_taking_the_next_item()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<int>();
        var sink = Sink.ForEach<int>(async (item, _) =>
        {
            seen.Add(item);
            await gate.Task;
        });

        var flow = Flow.RunAsync(Source.From([1, 2]), sink);
        Assert.Equal([1], seen);
        gate.SetResult();
        await flow.WaitAsync(Timeout);

        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public async Task ForEach_delegate_that_throws_faults_the_flow_with_that_exception()
    {
        var problem = new InvalidDataException("cannot handle 2");

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(
            Source.From([1, 2, 3]), Sink.ForEach<int>(x => { if (x == 2) throw problem; })).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
    }

    [Fact]
    public async Task CollectBytes_copies_lent_chunks()
    {
        var collected = Sink.CollectBytes();
        var buffer = "ab"u8.ToArray();
        await collected.RunAsync(buffer);
        "zz"u8.CopyTo(buffer);
        await collected.RunAsync(buffer);
        await collected.CompleteAsync();

        Assert.Equal("abzz"u8.ToArray(), await collected.Result);
    }

    [Fact]
    public async Task CollectBytes_faults_a_delivery_past_the_limit_and_keeps_nothing_of_it()
    {
        var collected = Sink.CollectBytes(maxLength: 3);
        await collected.RunAsync("ab"u8.ToArray());

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => collected.RunAsync("cd"u8.ToArray()).AsTask());
        await collected.CompleteAsync();

        Assert.Contains("maxLength", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("ab"u8.ToArray(), await collected.Result);
    }

    [Fact]
    public async Task CollectString_decodes_a_character_split_across_chunks()
    {
        var bytes = Encoding.UTF8.GetBytes("añb€");
        var text = Sink.CollectString();

        await Flow.RunAsync(Source.From(bytes.Select(b => (ReadOnlyMemory<byte>)new[] { b })), text).WaitAsync(Timeout);

        Assert.Equal("añb€", await text.Result);
    }

    [Fact]
    public async Task CollectString_uses_the_given_encoding()
    {
        var text = Sink.CollectString(Encoding.Unicode);

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([Encoding.Unicode.GetBytes("hé")]), text).WaitAsync(Timeout);

        Assert.Equal("hé", await text.Result);
    }

    [Fact]
    public void Factories_reject_bad_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => Sink.ForEach<int>((Func<int, CancellationToken, ValueTask>)null!));
        Assert.Throws<ArgumentNullException>(() => Sink.ForEach<int>((Action<int>)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sink.CollectBytes(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sink.CollectString(maxLength: -1));
    }
}
