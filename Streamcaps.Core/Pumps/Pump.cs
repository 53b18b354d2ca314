using Streamcaps.Pumps;

namespace Streamcaps;

/// <summary>Creates pumps, and applies them to sources, sinks and other pumps.</summary>
public static partial class Pump
{
    /// <summary>A pump that delivers <paramref name="map"/>(item) for each item.</summary>
    /// <remarks>A <paramref name="map"/> that throws faults that delivery; in a flow, the flow faults with
    /// that exception and the sink is aborted.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is null.</exception>
    public static IPump<TIn, TOut> Map<TIn, TOut>(Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new MapPump<TIn, TOut>(map);
    }

    /// <summary>A pump that delivers the items for which <paramref name="predicate"/> is true and drops the others.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public static IPump<T, T> Filter<T>(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new FilterPump<T>(predicate);
    }
}
