namespace Streamcaps.Pumps;

/// <summary>A map applied to a sink, which can fold a map in front of it into its own delegate
/// (<c>first.Into(second.Into(sink))</c> becomes one sink mapping with <c>second(first(x))</c>).</summary>
/// <typeparam name="T">The item type the map sink takes.</typeparam>
internal interface IMapSink<in T>
{
    /// <summary>A sink that maps with <paramref name="first"/>, then with this sink's map, into this sink's output.</summary>
    ISink<TPrevious> Prepend<TPrevious>(Func<TPrevious, T> first);
}
