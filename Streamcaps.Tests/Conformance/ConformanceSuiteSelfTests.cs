namespace Streamcaps.Tests.Conformance;

/// <summary>
/// The suite itself checked (the reusable part ships as Streamcaps.Testing): its framework-neutral checks
/// pass the library's own sources and sinks and catch an implementation that breaks a rule, naming the
/// check, so a user who runs them on their own type can trust both outcomes.
/// </summary>
public class ConformanceSuiteSelfTests
{
    [Fact]
    public async Task Neutral_source_checks_pass_a_conforming_source()
    {
        await ConformanceChecks.CheckSourceAsync(() => Source.From([1, 2, 3]), expectedItems: [1, 2, 3]);
    }

    [Fact]
    public async Task Neutral_source_checks_name_the_rule_a_source_that_loses_an_item_breaks()
    {
        var failure = await Assert.ThrowsAsync<ConformanceException>(
            () => ConformanceChecks.CheckSourceAsync(() => Source.From([1, 3]), expectedItems: [1, 2, 3]));

        Assert.Contains("Flow_delivers_every_item_once_in_order_then_completes", failure.Failures.Keys);
        Assert.Contains("Flow_delivers_every_item_once_in_order_then_completes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neutral_sink_checks_pass_a_conforming_sink()
    {
        await ConformanceChecks.CheckSinkAsync(() => Sink.ToList<int>(), index => index);
    }

    [Fact]
    public async Task Neutral_sink_checks_catch_a_sink_that_takes_items_after_its_end()
    {
        var failure = await Assert.ThrowsAsync<ConformanceException>(
            () => ConformanceChecks.CheckSinkAsync(() => new CarelessSink(), index => index));

        Assert.Contains("Delivery_after_complete_faults_with_InvalidOperationException", failure.Failures.Keys);
    }

    [Fact]
    public async Task Neutral_byte_stream_checks_pass_a_buffered_pipe()
    {
        await ConformanceChecks.CheckOneWayByteStreamAsync(() =>
        {
            var (writer, reader) = BufferedPipe.CreateBytes(new BufferOptions { Capacity = 16 });
            return Task.FromResult(new OneWayEnds(writer, reader));
        });
    }

    /// <summary>Takes every item and every end, and never faults: the protocol's rules 1 and 2 broken.</summary>
    private sealed class CarelessSink : ISink<int>
    {
        public ValueTask RunAsync(int item, CancellationToken cancellationToken = default) => default;

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

        public ValueTask AbortAsync(Exception problem) => default;
    }
}
