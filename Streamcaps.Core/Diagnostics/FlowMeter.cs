using System.Diagnostics.Metrics;

namespace Streamcaps.Diagnostics;

/// <summary>The instruments of the <see cref="StreamcapsFlowDiagnostics.MeterName"/> meter, one set per process.</summary>
internal static class FlowMeter
{
    /// <summary>Bucket bounds for flow durations, in seconds: from 1 ms to an hour.</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

    public static readonly Meter Meter = new(StreamcapsFlowDiagnostics.MeterName, typeof(FlowMeter).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Items = Meter.CreateCounter<long>(
        "streamcaps.flow.items", "{item}", "Items delivered downstream of a metered source.");

    public static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(
        "streamcaps.flow.active", "{flow}", "Metered flows that pulled their first item and have not ended.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "streamcaps.flow.duration", "s", "Duration of metered flows, from the first pull to the end; failed ones carry error.type.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "streamcaps.flow.errors", "{error}", "Metered flows that ended in a failure, by error.type.");
}
