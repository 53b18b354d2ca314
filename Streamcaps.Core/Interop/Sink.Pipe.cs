using System.IO.Pipelines;
using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Sink
{
    /// <summary>A byte sink that writes every chunk into <paramref name="writer"/> and flushes it.</summary>
    /// <remarks>A delivery completes when the flush completed, so the pipe's pause threshold is the backpressure;
    /// the chunk is copied into the pipe, so lent memory is safe. Completion completes the writer, abort completes
    /// it with the problem (the reader sees that exception). When the pipe's reader has completed, a delivery
    /// faults with <see cref="IOException"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static ISink<ReadOnlyMemory<byte>> ToPipeWriter(PipeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new PipeWriterSink(writer);
    }
}
