namespace Streamcaps;

/// <summary>How a byte source reads a <see cref="Stream"/> (see <see cref="Source.FromStream(Stream, StreamSourceOptions?)"/>).</summary>
public sealed class StreamSourceOptions
{
    /// <summary>The default read size: 16 KiB.</summary>
    public const int DefaultBufferSize = 16 * 1024;

    /// <summary>The defaults: 16 KiB reads, the stream disposed at the end.</summary>
    public static StreamSourceOptions Default { get; } = new();

    /// <summary>The most bytes read (and delivered) at once; the buffer is rented from the shared pool. Default 16 KiB.</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>Whether the stream stays open when the source ended (completed or failed). Default: false, the source disposes it.</summary>
    public bool LeaveOpen { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BufferSize, nameof(BufferSize));
    }
}
