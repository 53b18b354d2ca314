using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Core;

/// <summary>Every clause of <see cref="Flow.RunAsync{T}"/>'s contract, on both of its paths: a source it pulls
/// one call at a time, and an array/enumerable source it pushes from.</summary>
public class FlowTests
{
    private const int Million = 1_000_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<bool, int> PathsAndPositions => new()
    {
        { true, 0 }, { true, Million - 1 }, { false, 0 }, { false, Million - 1 },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exhausted_source_completes_the_sink_then_the_flow(bool pulled)
    {
        var sink = new CountingSink();

        await Flow.RunAsync(Numbers(1000, pulled), sink).WaitAsync(Timeout);

        Assert.Equal(1000, sink.Items);
        Assert.Equal(499_500, sink.Sum);
        Assert.True(sink.Completed);
        Assert.Null(sink.Problem);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Flow_finishes_only_after_the_sink_CompleteAsync_finished(bool pulled)
    {
        var sink = new CountingSink { HoldCompletion = true };

        var flow = Flow.RunAsync(Numbers(3, pulled), sink);
        await sink.CompletionStarted.WaitAsync(Timeout);

        Assert.False(flow.IsCompleted, "the flow finished while the sink was still flushing");
        sink.FinishCompletion();
        await flow.WaitAsync(Timeout);
    }

    [Theory]
    [MemberData(nameof(PathsAndPositions))]
    public async Task Source_failure_thrown_aborts_the_sink_and_faults_the_flow(bool pulled, int position)
    {
        var problem = new InvalidDataException("source broke");
        var source = pulled
            ? new ScriptedSource(position, SourceFailure.Thrown, problem)
            : Source.From(ThrowingAfter(position, problem));
        var sink = new CountingSink();

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(source, sink).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Same(problem, sink.Problem);
        Assert.Equal(position, sink.Items);
        Assert.False(sink.Completed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Million - 1)]
    public async Task Source_failure_signalled_through_AbortAsync_aborts_the_sink_and_faults_the_flow(int position)
    {
        var source = new ScriptedSource(position, SourceFailure.Signalled);
        var sink = new CountingSink();

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(source, sink).WaitAsync(Timeout));

        Assert.Same(source.Problem, thrown);
        Assert.Same(source.Problem, sink.Problem);
        Assert.Equal(position, sink.Items);
    }

    [Theory]
    [MemberData(nameof(PathsAndPositions))]
    public async Task Sink_failure_thrown_stops_the_flow_and_faults_it(bool pulled, int position)
    {
        var problem = new InvalidDataException("sink broke");
        var source = new ScriptedSource(Million + 10);
        var sink = new CountingSink { FailAt = position, Failure = problem, ThrowSynchronously = true };

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(
            () => Flow.RunAsync(pulled ? source : Source.From(Enumerable.Range(0, Million + 10)), sink).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Same(problem, sink.Problem);
        if (pulled)
        {
            Assert.Equal(position + 1, source.Calls);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndPositions))]
    public async Task Sink_failure_signalled_as_a_faulted_task_stops_the_flow_and_faults_it(bool pulled, int position)
    {
        var problem = new InvalidDataException("sink broke");
        var sink = new CountingSink { FailAt = position, Failure = problem };

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(Numbers(Million + 10, pulled), sink).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Same(problem, sink.Problem);
        Assert.Equal(position, sink.Items);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cancellation_aborts_the_sink_and_cancels_the_flow(bool pulled)
    {
        using var cancellation = new CancellationTokenSource();
        var sink = new CountingSink { OnItem = count => { if (count == 500) cancellation.Cancel(); } };

        var flow = Flow.RunAsync(Numbers(Million, pulled), sink, cancellation.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.WaitAsync(Timeout));

        Assert.True(flow.IsCanceled);
        Assert.IsAssignableFrom<OperationCanceledException>(sink.Problem);
        Assert.InRange(sink.Items, 500, 501);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pump_that_throws_faults_the_flow_and_aborts_the_sink(bool pulled)
    {
        var problem = new InvalidDataException("the pump refused 7");
        var sink = new CountingSink();

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(
            Numbers(100, pulled).Through(Pump.Map<int, int>(x => x == 7 ? throw problem : x)), sink).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Same(problem, sink.Problem);
        Assert.Equal(7, sink.Items);
    }

    [Fact]
    public async Task Failing_abort_is_attached_to_the_problem_instead_of_hiding_it()
    {
        var abortFailure = new IOException("abort failed too");
        var source = new ScriptedSource(2, SourceFailure.Signalled);
        var sink = new CountingSink { AbortFailure = abortFailure };

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(source, sink).WaitAsync(Timeout));

        Assert.Same(source.Problem, thrown);
        Assert.Same(abortFailure, thrown.Data[Flow.AbortFailureKey]);
    }

    [Fact]
    public async Task Null_source_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Flow.RunAsync(null!, Sink.Null<int>()));
    }

    [Fact]
    public async Task Null_sink_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Flow.RunAsync(Source.Empty<int>(), null!));
    }

    [OptimizedOnlyTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Synchronous_flow_through_two_pumps_allocates_nothing_per_item(bool pulled) =>
        AllocationCheck.NothingPerItem(count => AllocationCheck.CompletedSynchronously(Flow.RunAsync(
            Numbers(count, pulled).Through(Pump.Map<int, int>(x => x + 1)).Through(Pump.Map<int, int>(x => x * 2)),
            Sink.Null<int>())));

    private static ISource<int> Numbers(int count, bool pulled) =>
        pulled ? new ScriptedSource(count) : Source.From(Enumerable.Range(0, count));

    private static IEnumerable<int> ThrowingAfter(int count, Exception problem)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        throw problem;
    }

    /// <summary>A lean sink for a million items: counts and sums, fails at a given item, holds its completion.</summary>
    private sealed class CountingSink : ISink<int>
    {
        private readonly TaskCompletionSource _completionStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finishCompletion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Items { get; private set; }

        public long Sum { get; private set; }

        public bool Completed { get; private set; }

        public Exception? Problem { get; private set; }

        public int FailAt { get; init; } = -1;

        public Exception? Failure { get; init; }

        public bool ThrowSynchronously { get; init; }

        public bool HoldCompletion { get; init; }

        public Exception? AbortFailure { get; init; }

        public Action<int>? OnItem { get; init; }

        public Task CompletionStarted => _completionStarted.Task;

        public void FinishCompletion() => _finishCompletion.TrySetResult();

        public ValueTask RunAsync(int item, CancellationToken cancellationToken = default)
        {
            if (Items == FailAt)
            {
                return ThrowSynchronously ? throw Failure! : ValueTask.FromException(Failure!);
            }

            Items++;
            Sum += item;
            OnItem?.Invoke(Items);
            return default;
        }

        public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            _completionStarted.TrySetResult();
            if (HoldCompletion)
            {
                await _finishCompletion.Task;
            }

            Completed = true;
        }

        public ValueTask AbortAsync(Exception problem)
        {
            Problem ??= problem;
            return AbortFailure is null ? default : throw AbortFailure;
        }
    }
}
