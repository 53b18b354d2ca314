namespace Streamcaps;

public static partial class Source
{
    /// <summary>Hands out the running accumulation of <paramref name="source"/>: <c>state = step(state, item)</c>
    /// after each item, starting from <paramref name="seed"/> (Rx's and System.Interactive's <c>Scan</c>):
    /// <c>source.Through(Pump.Scan(seed, step))</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="step"/> is null.</exception>
    public static ISource<TState> Scan<TSource, TState>(this ISource<TSource> source, TState seed, Func<TState, TSource, TState> step) =>
        source.Through(Pump.Scan(seed, step));

    /// <summary>Hands out the running accumulation, and with <paramref name="emitSeed"/> the seed first, as Monte's
    /// <c>scan</c> does: <c>source.Through(Pump.Scan(seed, step, emitSeed))</c>; see
    /// <see cref="Pump.Scan{TIn, TState}(TState, Func{TState, TIn, TState}, bool)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="step"/> is null.</exception>
    public static ISource<TState> Scan<TSource, TState>(this ISource<TSource> source, TState seed, Func<TState, TSource, TState> step, bool emitSeed) =>
        source.Through(Pump.Scan(seed, step, emitSeed));
}
