namespace Streamcaps.Testing;

/// <summary>
/// The sink rules of DESIGN.md as tests every sink inherits: after Complete or Abort a delivery faults with
/// <see cref="InvalidOperationException"/>, a second Complete or Abort is harmless, a cancelled delivery
/// faults and leaves the sink ended, and bad arguments are rejected.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Usage: subclass it and override <see cref="CreateSink"/> and <see cref="CreateItem"/>; every
/// <c>[Fact]</c> here runs as a named test of that sink. A sink whose deliveries can be held in flight is
/// also checked by <see cref="StallableSinkConformance{T}"/> (backpressure, a second delivery in flight).
/// </remarks>
public abstract class SinkConformance<T>
{
    /// <summary>A new, open sink.</summary>
    protected abstract ISink<T> CreateSink();

    /// <summary>An item the sink accepts; <paramref name="index"/> tells items apart.</summary>
    protected abstract T CreateItem(int index);

    /// <summary>The bound on every wait; a check that exceeds it fails instead of hanging.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(10);

    /// <summary>Checks: Takes items then completes.</summary>
    [Fact]
    public async Task Takes_items_then_completes()
    {
        var sink = CreateSink();

        for (var index = 0; index < 3; index++)
        {
            await sink.RunAsync(CreateItem(index)).AsTask().WaitAsync(Timeout);
        }

        await sink.CompleteAsync().AsTask().WaitAsync(Timeout);
    }

    /// <summary>Checks: Delivery after complete faults with InvalidOperationException.</summary>
    [Fact]
    public async Task Delivery_after_complete_faults_with_InvalidOperationException()
    {
        var sink = CreateSink();
        await sink.CompleteAsync().AsTask().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.RunAsync(CreateItem(0)).AsTask().WaitAsync(Timeout));
    }

    /// <summary>Checks: Delivery after abort faults with InvalidOperationException.</summary>
    [Fact]
    public async Task Delivery_after_abort_faults_with_InvalidOperationException()
    {
        var sink = CreateSink();
        await sink.AbortAsync(new InvalidDataException("upstream failed")).AsTask().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.RunAsync(CreateItem(0)).AsTask().WaitAsync(Timeout));
    }

    /// <summary>Checks: Second complete is harmless.</summary>
    [Fact]
    public async Task Second_complete_is_harmless()
    {
        var sink = CreateSink();
        await sink.RunAsync(CreateItem(0)).AsTask().WaitAsync(Timeout);
        await sink.CompleteAsync().AsTask().WaitAsync(Timeout);

        await sink.CompleteAsync().AsTask().WaitAsync(Timeout);
    }

    /// <summary>Checks: Abort after complete is harmless.</summary>
    [Fact]
    public async Task Abort_after_complete_is_harmless()
    {
        var sink = CreateSink();
        await sink.CompleteAsync().AsTask().WaitAsync(Timeout);

        await sink.AbortAsync(new InvalidDataException("late failure")).AsTask().WaitAsync(Timeout);
    }

    /// <summary>Checks: Second abort and complete after abort are harmless.</summary>
    [Fact]
    public async Task Second_abort_and_complete_after_abort_are_harmless()
    {
        var sink = CreateSink();
        await sink.AbortAsync(new InvalidDataException("first")).AsTask().WaitAsync(Timeout);

        await sink.AbortAsync(new InvalidDataException("second")).AsTask().WaitAsync(Timeout);
        await sink.CompleteAsync().AsTask().WaitAsync(Timeout);
    }

    /// <summary>Checks: Cancelled delivery faults and leaves the sink ended.</summary>
    [Fact]
    public async Task Cancelled_delivery_faults_and_leaves_the_sink_ended()
    {
        var sink = CreateSink();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sink.RunAsync(CreateItem(0), new CancellationToken(canceled: true)).AsTask().WaitAsync(Timeout));

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.RunAsync(CreateItem(1)).AsTask().WaitAsync(Timeout));
    }

    /// <summary>Checks: Abort without a problem is rejected.</summary>
    [Fact]
    public async Task Abort_without_a_problem_is_rejected()
    {
        var sink = CreateSink();

        await Assert.ThrowsAsync<ArgumentNullException>(() => sink.AbortAsync(null!).AsTask());
    }
}
