namespace Streamcaps.Testing;

/// <summary>
/// The source rules of DESIGN.md as tests every source inherits: order kept, nothing lost or duplicated,
/// exactly one call on the sink per <see cref="ISource{T}.RunAsync"/>, the end repeated on every later call,
/// backpressure, a sink's fault propagated, an overlapping call rejected, cancellation without loss.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Usage: subclass it in a test class and override the factory; every <c>[Fact]</c> here then runs as a
/// named test of that implementation.
/// <code>
/// public sealed class ArraySourceConformance : SourceConformance&lt;int&gt;
/// {
///     protected override IReadOnlyList&lt;int&gt; ExpectedItems { get; } = [1, 2, 3];
///     protected override ISource&lt;int&gt; CreateSource() =&gt; Source.From(new[] { 1, 2, 3 });
/// }
/// </code>
/// Sources of lent memory (<see cref="ReadOnlyMemory{T}"/>) override <see cref="SourceChecks{T}.Copy"/> and
/// <see cref="SourceChecks{T}.Comparer"/> so items are compared by content after their delivery completed. A source that
/// can fail on its own is also checked by <see cref="FailingSourceConformance{T}"/>.
/// </remarks>
public abstract class SourceConformance<T> : SourceChecks<T>
{
    /// <summary>A new source that hands out <see cref="SourceChecks{T}.ExpectedItems"/>, in order, then completes.
    /// Use at least two items so the per-call checks see a call after an item; an empty source is checked on
    /// its completion.</summary>
    protected abstract ISource<T> CreateSource();

    /// <summary>Checks: Flow delivers every item once in order then completes.</summary>
    [Fact]
    public async Task Flow_delivers_every_item_once_in_order_then_completes()
    {
        var sink = NewProbe();

        await Flow.RunAsync(CreateSource(), sink).WaitAsync(Timeout);

        Assert.Equal(ExpectedItems, sink.Items, Comparer);
        Assert.Equal(1, sink.Completions);
        Assert.Equal(0, sink.Aborts);
        Assert.Empty(sink.Violations);
    }

    /// <summary>Checks: Each call makes exactly one call on the sink.</summary>
    [Fact]
    public async Task Each_call_makes_exactly_one_call_on_the_sink()
    {
        var source = CreateSource();
        var sink = NewProbe();

        for (var call = 1; call <= ExpectedItems.Count + 1; call++)
        {
            await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
            Assert.Equal(call, sink.Calls);
        }

        Assert.Equal(ExpectedItems, sink.Items, Comparer);
        Assert.Equal(1, sink.Completions);
    }

    /// <summary>Checks: Every call after the end completes the sink again.</summary>
    [Fact]
    public async Task Every_call_after_the_end_completes_the_sink_again()
    {
        var source = CreateSource();
        await Flow.RunAsync(source, NewProbe()).WaitAsync(Timeout);

        for (var call = 0; call < 3; call++)
        {
            var later = NewProbe();
            await source.RunAsync(later).AsTask().WaitAsync(Timeout);
            Assert.Equal(1, later.Completions);
            Assert.Equal(1, later.Calls);
        }
    }

    /// <summary>Checks: Call completes only when the sink is ready.</summary>
    [Fact]
    public async Task Call_completes_only_when_the_sink_is_ready()
    {
        var source = CreateSource();
        var sink = NewProbe();
        sink.Stall = true;

        var call = source.RunAsync(sink).AsTask();
        await sink.Delivering.WaitAsync(Timeout);

        Assert.False(call.IsCompleted, "the source's call completed while its sink was still busy with the item");
        sink.Release();
        await call.WaitAsync(Timeout);
    }

    /// <summary>Checks: Call faults as the sink faults.</summary>
    [Fact]
    public async Task Call_faults_as_the_sink_faults()
    {
        var source = CreateSource();
        var problem = new InvalidDataException("the sink refused the item");
        var sink = NewProbe();
        sink.FailNext = problem;

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => source.RunAsync(sink).AsTask().WaitAsync(Timeout));

        Assert.Same(problem, thrown);
    }

    /// <summary>Checks: Overlapping call faults with InvalidOperationException.</summary>
    [Fact]
    public async Task Overlapping_call_faults_with_InvalidOperationException()
    {
        var source = CreateSource();
        var sink = NewProbe();
        sink.Stall = true;
        var first = source.RunAsync(sink).AsTask();
        await sink.Delivering.WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => source.RunAsync(NewProbe()).AsTask().WaitAsync(Timeout));

        sink.Release();
        await first.WaitAsync(Timeout);
    }

    /// <summary>Checks: Cancelled call faults without calling the sink and loses nothing.</summary>
    [Fact]
    public async Task Cancelled_call_faults_without_calling_the_sink_and_loses_nothing()
    {
        var source = CreateSource();
        var sink = NewProbe();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => source.RunAsync(sink, new CancellationToken(canceled: true)).AsTask().WaitAsync(Timeout));
        Assert.Equal(0, sink.Calls);

        await Flow.RunAsync(source, sink).WaitAsync(Timeout);
        Assert.Equal(ExpectedItems, sink.Items, Comparer);
    }

    /// <summary>Checks: Null sink is rejected.</summary>
    [Fact]
    public async Task Null_sink_is_rejected()
    {
        var source = CreateSource();

        await Assert.ThrowsAsync<ArgumentNullException>(() => source.RunAsync(null!).AsTask());
    }

}
