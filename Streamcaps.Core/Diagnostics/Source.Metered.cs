using Streamcaps.Diagnostics;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>Measures the flow that pulls from <paramref name="source"/> with the
    /// <see cref="StreamcapsFlowDiagnostics.MeterName"/> meter: items delivered, active flows, duration, failures,
    /// each tagged with <paramref name="flowName"/> (see <see cref="StreamcapsFlowDiagnostics"/>).</summary>
    /// <param name="source">The source to measure; its items, order and end pass through unchanged.</param>
    /// <param name="flowName">The name the measurements carry (<c>streamcaps.flow.name</c>); keep the set of names
    /// small, as for any metric tag.</param>
    /// <returns>A source for one flow. Nothing is allocated per item; with no listener on the meter, each item costs
    /// a check that it is off.</returns>
    /// <remarks>The end is recorded when the source signals it (complete or abort) or when a delivery downstream
    /// fails; a flow that is cancelled between items, or abandoned, stays counted as active.</remarks>
    public static ISource<T> Metered<T>(this ISource<T> source, string flowName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(flowName);
        return new MeteredSource<T>(source, flowName);
    }
}
