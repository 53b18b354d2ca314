namespace Streamcaps.Testing;

/// <summary>
/// The failure rules for sources that can fail on their own: the failure reaches the sink as
/// <see cref="ISink{T}.AbortAsync"/> (or as the call's fault), and <see cref="Flow"/> aborts the sink and
/// faults with that same problem, after everything before it was delivered.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Usage: subclass it and override <see cref="CreateFailingSource"/> and <see cref="SourceChecks{T}.ExpectedItems"/>; a source
/// that can also end cleanly runs through <see cref="SourceConformance{T}"/> in another subclass.
/// </remarks>
public abstract class FailingSourceConformance<T> : SourceChecks<T>
{
    /// <summary>A new source that hands out <see cref="SourceChecks{T}.ExpectedItems"/> and then fails with the
    /// returned problem.</summary>
    protected abstract (ISource<T> Source, Exception Problem) CreateFailingSource();

    /// <summary>Checks: Failure aborts the sink and faults the flow with the same problem.</summary>
    [Fact]
    public async Task Failure_aborts_the_sink_and_faults_the_flow_with_the_same_problem()
    {
        var (source, problem) = CreateFailingSource();
        var sink = NewProbe();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Flow.RunAsync(source, sink).WaitAsync(Timeout));

        Assert.Same(problem, thrown);
        Assert.Same(problem, sink.Problem);
        Assert.Equal(ExpectedItems, sink.Items, Comparer);
        Assert.Equal(0, sink.Completions);
    }

    /// <summary>Checks: Failure is one AbortAsync call on the sink.</summary>
    [Fact]
    public async Task Failure_is_one_AbortAsync_call_on_the_sink()
    {
        var (source, problem) = CreateFailingSource();
        var sink = NewProbe();

        for (var call = 1; call <= ExpectedItems.Count; call++)
        {
            await source.RunAsync(sink).AsTask().WaitAsync(Timeout);
        }

        // The call itself may complete or fault: what matters is the one AbortAsync with the problem.
        await Record.ExceptionAsync(() => source.RunAsync(sink).AsTask().WaitAsync(Timeout));

        Assert.Equal(ExpectedItems.Count + 1, sink.Calls);
        Assert.Equal(1, sink.Aborts);
        Assert.Same(problem, sink.Problem);
    }
}
