using System.Threading.Channels;
using Streamcaps.Pipes;

namespace Streamcaps;

/// <summary>
/// A buffer between a writer and a reader that run at their own pace: items delivered to <see cref="Sink"/>
/// come out of <see cref="Source"/> in order. Create one with <see cref="BufferedPipe.Create{T}"/> or
/// <see cref="BufferedPipe.CreateBytes"/>; deconstruct it as <c>var (sink, source) = BufferedPipe.Create&lt;T&gt;()</c>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// <para>With <see cref="OverflowMode.Wait"/>, a delivery to a full buffer completes only when the reader made
/// room: the writer runs at the reader's pace. The drop modes never make the writer wait, and count every
/// dropped item in <see cref="DroppedCount"/> (and report it to the callback given at creation).</para>
/// <para>Completing <see cref="Sink"/> lets the reader take what is buffered, then completes it. Aborting
/// <see cref="Sink"/> drops what is buffered and aborts the reader with the same problem. A reader that stops
/// early calls <see cref="CloseReader"/>, so a writer never waits for room that will not come.</para>
/// </remarks>
public sealed class BufferedPipe<T>
{
    private readonly PipeState _state;

    internal BufferedPipe(PipeState state, ISink<T> sink, ISource<T> source)
    {
        _state = state;
        Sink = sink;
        Source = source;
    }

    /// <summary>The writer's end.</summary>
    public ISink<T> Sink { get; }

    /// <summary>The reader's end: one source, for one reader at a time.</summary>
    public ISource<T> Source { get; }

    /// <summary>How many items the drop modes dropped so far.</summary>
    public long DroppedCount => _state.DroppedCount;

    /// <summary>Ends the reader's side: the reader takes no more. What is buffered is released (pooled chunks
    /// go back to the pool); a delivery to <see cref="Sink"/> waiting for room, and every later one, faults
    /// with <see cref="InvalidOperationException"/>, and so does every later call of <see cref="Source"/>.
    /// Calling it again does nothing.</summary>
    public void CloseReader() => _state.CloseReader();

    /// <summary>Deconstructs into the two ends.</summary>
    public void Deconstruct(out ISink<T> sink, out ISource<T> source)
    {
        sink = Sink;
        source = Source;
    }
}
