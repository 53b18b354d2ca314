namespace Streamcaps.Testing;

/// <summary>
/// The backpressure rules for sinks whose deliveries can be held in flight: a delivery's task completes only
/// when the sink is ready for the next item, and a second delivery while one is in flight faults with
/// <see cref="InvalidOperationException"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Usage: subclass it instead of <see cref="SinkConformance{T}"/> (it includes those checks) and override
/// <see cref="CreateStalledSink"/>: a sink whose next delivery stays in flight until the returned
/// <c>release</c> is called.
/// </remarks>
public abstract class StallableSinkConformance<T> : SinkConformance<T>
{
    /// <summary>A new sink whose deliveries stay in flight until <c>Release</c> is called, and a task that
    /// completes when a delivery has reached the point where it waits.</summary>
    protected abstract (ISink<T> Sink, Func<Task> Stalled, Action Release) CreateStalledSink();

    /// <summary>Checks: Delivery completes only when the sink is ready.</summary>
    [Fact]
    public async Task Delivery_completes_only_when_the_sink_is_ready()
    {
        var (sink, stalled, release) = CreateStalledSink();

        var delivery = sink.RunAsync(CreateItem(0)).AsTask();
        await stalled().WaitAsync(Timeout);

        Assert.False(delivery.IsCompleted, "the delivery completed while the sink was not ready");
        release();
        await delivery.WaitAsync(Timeout);
    }

    /// <summary>Checks: Second delivery while one is in flight faults with InvalidOperationException.</summary>
    [Fact]
    public async Task Second_delivery_while_one_is_in_flight_faults_with_InvalidOperationException()
    {
        var (sink, stalled, release) = CreateStalledSink();
        var first = sink.RunAsync(CreateItem(0)).AsTask();
        await stalled().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.RunAsync(CreateItem(1)).AsTask().WaitAsync(Timeout));

        release();
        await first.WaitAsync(Timeout);
    }
}
