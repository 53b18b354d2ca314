using System.IO.Pipelines;
using Streamcaps.Interop;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>A byte source that reads <paramref name="reader"/> without copying: each item is a segment of the
    /// pipe's own buffer, lent until its delivery completed (rule 5).</summary>
    /// <remarks>It completes when the writer completed and everything was delivered, and fails with the writer's
    /// error, unchanged, when it completed with one. At the end it completes the reader. The source owns the
    /// reader: nobody else may read it meanwhile.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    public static ISource<ReadOnlyMemory<byte>> FromPipeReader(PipeReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new PipeReaderSource(reader);
    }
}
