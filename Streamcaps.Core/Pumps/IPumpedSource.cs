namespace Streamcaps.Pumps;

/// <summary>A source that is a pump applied to another source, and can take one more pump into its own.</summary>
/// <typeparam name="T">The item type the source hands out.</typeparam>
internal interface IPumpedSource<T>
{
    /// <summary>The same source with <paramref name="next"/> applied, as one pump over the upstream
    /// (<c>pump.Then(next)</c>), or null once this source was used.</summary>
    ISource<TNext>? TryFuse<TNext>(IPump<T, TNext> next);
}
