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

    /// <summary>A pump that delivers <paramref name="map"/>(item) for each item, where the map is asynchronous:
    /// the next item is taken only after the map's task and the delivery of its result completed.</summary>
    /// <param name="map">Called once per item with the delivery's token. A map that throws or faults faults
    /// that delivery.</param>
    /// <remarks>A map that completes synchronously costs no allocation.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is null.</exception>
    public static IPump<TIn, TOut> Map<TIn, TOut>(Func<TIn, CancellationToken, ValueTask<TOut>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new AsyncMapPump<TIn, TOut>(map);
    }

    /// <summary>A pump that delivers the items for which the asynchronous <paramref name="predicate"/> is true
    /// and drops the others; the next item is taken only after the predicate's task completed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public static IPump<T, T> Filter<T>(Func<T, CancellationToken, ValueTask<bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new AsyncFilterPump<T>(predicate);
    }

    /// <summary>A pump that delivers every element of the sequence <paramref name="map"/> makes of each item, in
    /// order (LINQ's <c>SelectMany</c>).</summary>
    /// <remarks>Arrays and lists are read by index; any other sequence is enumerated, its enumerator disposed when
    /// it ends. A sequence that throws faults that delivery.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is null.</exception>
    public static IPump<TIn, TOut> MapMany<TIn, TOut>(Func<TIn, IEnumerable<TOut>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new MapManyPump<TIn, TOut, TOut>(map, static (_, element) => element);
    }

    /// <summary>A pump that delivers <paramref name="result"/>(item, element) for every element of the sequence
    /// <paramref name="map"/> makes of each item, in order (LINQ's <c>SelectMany</c> with a result selector,
    /// which C# query syntax uses for a second <c>from</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> or <paramref name="result"/> is null.</exception>
    public static IPump<TIn, TOut> MapMany<TIn, TElement, TOut>(Func<TIn, IEnumerable<TElement>> map, Func<TIn, TElement, TOut> result)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(result);
        return new MapManyPump<TIn, TElement, TOut>(map, result);
    }

    /// <summary>The identity pump (Monte's <c>makePump.id()</c>): delivers every item as it came.</summary>
    /// <remarks>Applied to a sink (<see cref="Into{TIn, TOut}(IPump{TIn, TOut}, ISink{TOut})"/>) it is that sink:
    /// a placeholder that costs nothing, where a pipeline takes an optional stage.</remarks>
    public static IPump<T, T> Identity<T>() => new IdentityPump<T>();
}
