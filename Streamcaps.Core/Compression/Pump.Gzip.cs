using System.IO.Compression;
using Streamcaps.Compression;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>The default size of a decompressed chunk: 16 KiB.</summary>
    public const int DefaultGzipBufferSize = 16 * 1024;

    /// <summary>A pump that gzip-compresses a byte flow (RFC 1952, readable by <c>gunzip</c>).</summary>
    /// <remarks>Output chunks are lent (rule 5): they are the encoder's buffer, reused once their delivery
    /// completed. The encoder keeps data until it has a block's worth; completing the pump writes the rest and
    /// the gzip trailer. One pump per flow.</remarks>
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> GzipCompress(CompressionLevel level = CompressionLevel.Optimal) =>
        new GzipCompressPump(level, flushEachChunk: false);

    /// <summary>A pump that gzip-compresses a byte flow and, with <paramref name="flushEachChunk"/>, delivers what
    /// each input chunk compresses to before it takes the next (a deflate sync flush): what an interactive tunnel
    /// needs, where a reply waits for the request, at some cost in compression.</summary>
    /// <param name="level">How hard to compress.</param>
    /// <param name="flushEachChunk">Flush after every input chunk instead of when a block is full.</param>
    /// <remarks>Output chunks are lent (rule 5). One pump per flow.</remarks>
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> GzipCompress(CompressionLevel level, bool flushEachChunk) =>
        new GzipCompressPump(level, flushEachChunk);

    /// <summary>A pump that decompresses a gzip byte flow (one or more concatenated gzip members).</summary>
    /// <param name="bufferSize">The most decompressed bytes delivered at once.</param>
    /// <remarks>Output chunks are lent (rule 5), slices of one pooled buffer. Each member's trailer is checked:
    /// its CRC-32 and length must match the data delivered. The input must be whole gzip data: a stream cut
    /// anywhere (in a header, the compressed data or a trailer, or before the first member) faults with
    /// <see cref="Framing.TruncatedFrameException"/>; corrupt input (a wrong signature, method, reserved flag or
    /// header CRC, corrupt compressed data, a trailer that does not match, bytes after the last member that do not
    /// start another one) faults with <see cref="Framing.FramingException"/>. Both are <see cref="IOException"/>s.
    /// Data decompressed before the fault was delivered already, as it came. One pump per flow.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not positive.</exception>
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> GzipDecompress(int bufferSize = DefaultGzipBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        return new GzipDecompressPump(bufferSize);
    }
}
