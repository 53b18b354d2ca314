using System.Threading.Channels;
using Streamcaps.Pipes;

namespace Streamcaps;

/// <summary>Creates buffered pipes: a sink and a source joined by a bounded buffer
/// (<see cref="System.Threading.Channels"/>), so a writer and a reader can run at their own pace.</summary>
/// <remarks>Code that also imports <c>System.IO.Pipelines</c> (whose <c>Pipe</c> is a byte buffer) tells the two
/// apart with an alias, e.g. <c>using BytePipe = System.IO.Pipelines.Pipe;</c>.</remarks>
public static class BufferedPipe
{
    /// <summary>A pipe of items kept as they are.</summary>
    /// <param name="options">Capacity and overflow mode; <see cref="BufferOptions.Default"/> when null.</param>
    /// <param name="onDrop">Called with every item a drop mode dropped, on the writer's call; it must not
    /// block. Drops are also counted in <see cref="BufferedPipe{T}.DroppedCount"/>.</param>
    /// <remarks>Items are kept after their delivery completed, so lent memory would be read after its owner
    /// reused it: pipe <see cref="ReadOnlyMemory{T}"/> of bytes with <see cref="CreateBytes"/>, which copies.</remarks>
    public static BufferedPipe<T> Create<T>(BufferOptions? options = null, Action<T>? onDrop = null) =>
        Create<T, T, PlainItems<T>>(options, onDrop);

    /// <summary>A pipe of byte chunks that copies each lent chunk into a pooled buffer, lends it to the
    /// reader's sink, and returns it to the pool once that delivery completed.</summary>
    /// <param name="options">Capacity (in chunks) and overflow mode; <see cref="BufferOptions.Default"/> when null.</param>
    /// <remarks>An in-memory byte stream with backpressure: what a transport is, without the network.</remarks>
    public static BufferedPipe<ReadOnlyMemory<byte>> CreateBytes(BufferOptions? options = null) =>
        Create<ReadOnlyMemory<byte>, ArraySegment<byte>, PooledChunks>(options, onDrop: null);

    private static BufferedPipe<TItem> Create<TItem, TStored, TStore>(BufferOptions? options, Action<TItem>? onDrop)
        where TStore : struct, IItemStore<TItem, TStored>
    {
        options ??= BufferOptions.Default;
        Channel<TStored>? channel = null;
        var state = new PipeState(() =>
        {
            channel!.Writer.TryComplete();
            while (channel.Reader.TryRead(out var stored))
            {
                TStore.Release(stored);
            }
        });
        channel = Channel.CreateBounded<TStored>(
            new BoundedChannelOptions(options.Capacity)
            {
                FullMode = options.Overflow switch
                {
                    OverflowMode.DropOldest => BoundedChannelFullMode.DropOldest,
                    OverflowMode.DropNewest => BoundedChannelFullMode.DropWrite,
                    _ => BoundedChannelFullMode.Wait,
                },
                SingleReader = false,
                SingleWriter = true,
            },
            dropped =>
            {
                state.CountDrop();
                onDrop?.Invoke(TStore.Lend(dropped));
                TStore.Release(dropped);
            });
        return new BufferedPipe<TItem>(
            state,
            new PipeSink<TItem, TStored, TStore>(channel.Writer, channel.Reader, state, options.Capacity, options.Overflow),
            new PipeSource<TItem, TStored, TStore>(channel.Reader, state));
    }
}
