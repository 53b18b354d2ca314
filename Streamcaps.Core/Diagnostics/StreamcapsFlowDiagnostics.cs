namespace Streamcaps;

/// <summary>
/// The names under which flows report what they do, for <see cref="System.Diagnostics.Metrics.MeterListener"/> and
/// OpenTelemetry (<c>.AddMeter(StreamcapsFlowDiagnostics.MeterName)</c>). Flows are measured only where a source is
/// marked with <see cref="Source.Metered{T}(ISource{T}, string)"/>: the meter is opt-in per flow, so an unmarked
/// pipeline pays nothing.
/// </summary>
/// <remarks>
/// Instruments, each tagged <c>streamcaps.flow.name</c>:
/// <list type="bullet">
/// <item><c>streamcaps.flow.items</c> (counter, <c>{item}</c>): items delivered downstream of the mark.</item>
/// <item><c>streamcaps.flow.active</c> (up-down counter, <c>{flow}</c>): flows that pulled their first item and have not ended.</item>
/// <item><c>streamcaps.flow.duration</c> (histogram, <c>s</c>): from the first pull to the end; a failed flow carries <c>error.type</c>.</item>
/// <item><c>streamcaps.flow.errors</c> (counter, <c>{error}</c>): flows that ended in a failure, by <c>error.type</c>.</item>
/// </list>
/// </remarks>
public static class StreamcapsFlowDiagnostics
{
    /// <summary>The meter of flows: <c>Streamcaps.Flows</c>.</summary>
    public const string MeterName = "Streamcaps.Flows";

    /// <summary>The tag that names a flow: <c>streamcaps.flow.name</c>.</summary>
    public const string FlowNameTag = "streamcaps.flow.name";
}
