using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Diagnostics;

/// <summary>The opt-in flow meter (<see cref="Source.Metered{T}(ISource{T}, string)"/>), read with a
/// <see cref="MeterListener"/>; every test names its flow uniquely, so parallel tests never see each other's.</summary>
public sealed class FlowMetricsTests : IDisposable
{
    private readonly string _flow = $"flow-{Guid.NewGuid():N}";
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string? ErrorType)> _measured = new();

    public FlowMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamcapsFlowDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public async Task A_metered_flow_counts_its_items_is_active_until_it_ends_and_records_its_duration()
    {
        var items = await Source.From(Enumerable.Range(0, 1000)).Metered(_flow).Select(x => x * 2).ToListAsync();

        Assert.Equal(1000, items.Count);
        Assert.Equal(1000, Sum("streamcaps.flow.items"));
        Assert.Equal([1, -1], Values("streamcaps.flow.active"));
        var duration = Assert.Single(_measured, m => m.Instrument == "streamcaps.flow.duration");
        Assert.True(duration.Value >= 0);
        Assert.Null(duration.ErrorType);
        Assert.Equal(0, Sum("streamcaps.flow.errors"));
    }

    [Fact]
    public async Task A_source_that_fails_ends_the_measurement_with_its_error_type()
    {
        var failing = Source.Concat(Source.From([1, 2]), Source.Failed<int>(new TimeoutException("upstream stalled")));

        await Assert.ThrowsAsync<TimeoutException>(() => failing.Metered(_flow).ToListAsync().AsTask());

        Assert.Equal(2, Sum("streamcaps.flow.items"));
        Assert.Equal([1, -1], Values("streamcaps.flow.active"));
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(_measured, m => m.Instrument == "streamcaps.flow.errors").ErrorType);
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(_measured, m => m.Instrument == "streamcaps.flow.duration").ErrorType);
    }

    [Fact]
    public async Task A_sink_that_fails_a_delivery_ends_the_measurement_with_its_error_type()
    {
        var refusing = Sink.ForEach<int>(x =>
        {
            if (x == 3)
            {
                throw new InvalidDataException("item 3 refused");
            }
        });

        await Assert.ThrowsAsync<InvalidDataException>(() => Flow.RunAsync(Source.From([1, 2, 3, 4]).Metered(_flow), refusing));

        Assert.Equal(3, Sum("streamcaps.flow.items"));
        Assert.Equal([1, -1], Values("streamcaps.flow.active"));
        Assert.Equal(typeof(InvalidDataException).FullName, Assert.Single(_measured, m => m.Instrument == "streamcaps.flow.errors").ErrorType);
    }

    [OptimizedOnlyFact]
    public void Metering_allocates_nothing_per_item_while_listened()
    {
        // A listener that only adds up, as an SDK's aggregation does: this test's recording listener would count
        // its own storage.
        _listener.Dispose();
        long total = 0;
        using var adding = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StreamcapsFlowDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        adding.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
        adding.Start();
        var items = new int[101_000];

        AllocationCheck.NothingPerItem(count =>
        {
            var flow = Flow.RunAsync(Source.From(new ArraySegment<int>(items, 0, count)).Metered(_flow), Sink.Null<int>());
            AllocationCheck.CompletedSynchronously(flow);
        });
        Assert.True(Interlocked.Read(ref total) > 0, "the listener saw no measurement");
    }

    public void Dispose() => _listener.Dispose();

    private double Sum(string instrument) => _measured.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    private double[] Values(string instrument) => [.. _measured.Where(m => m.Instrument == instrument).Select(m => m.Value)];

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? flow = null, errorType = null;
        foreach (var tag in tags)
        {
            if (tag.Key == StreamcapsFlowDiagnostics.FlowNameTag)
            {
                flow = tag.Value as string;
            }
            else if (tag.Key == "error.type")
            {
                errorType = tag.Value as string;
            }
        }

        if (flow == _flow)
        {
            _measured.Enqueue((instrument.Name, value, errorType));
        }
    }
}

/// <summary>A metered source keeps every rule of the protocol: it only watches.</summary>
public sealed class MeteredSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2, 3];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3]).Metered("conformance");
}
