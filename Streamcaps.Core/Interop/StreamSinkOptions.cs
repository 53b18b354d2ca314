namespace Streamcaps;

/// <summary>How a byte sink writes to a <see cref="Stream"/> (see <see cref="Sink.ToStream(Stream, StreamSinkOptions?)"/>).</summary>
public sealed class StreamSinkOptions
{
    /// <summary>The defaults: flush at completion only, the stream disposed at the end.</summary>
    public static StreamSinkOptions Default { get; } = new();

    /// <summary>Whether each delivery also flushes the stream, so the bytes reach the device before the delivery
    /// completes (useful for console output and pipes read by a person or another process). Default: false.</summary>
    public bool FlushEachWrite { get; init; }

    /// <summary>Whether the stream stays open when the sink ended. Default: false, completion flushes then disposes it
    /// and abort disposes it.</summary>
    public bool LeaveOpen { get; init; }
}
