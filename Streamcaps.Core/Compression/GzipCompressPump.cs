using System.IO.Compression;

namespace Streamcaps.Compression;

/// <summary>Gzip-compresses a byte flow (see <see cref="Pump.GzipCompress(CompressionLevel)"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A pump's only end is CompleteAsync, which disposes the encoder; an abandoned encoder's zlib handle is released by its SafeHandle.")]
internal sealed class GzipCompressPump : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    private readonly SinkWriteStream _output = new();
    private readonly GZipStream _encoder;
    private readonly bool _flushEachChunk;

    public GzipCompressPump(CompressionLevel level, bool flushEachChunk)
    {
        _encoder = new GZipStream(_output, level, leaveOpen: true);
        _flushEachChunk = flushEachChunk;
    }

    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        _output.Target = output;
        return _flushEachChunk ? WriteAndFlushAsync(item, cancellationToken) : _encoder.WriteAsync(item, cancellationToken);
    }

    private async ValueTask WriteAndFlushAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        await _encoder.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        // GZipStream's flush is a deflate sync flush: everything so far reaches the output, the stream goes on.
        await _encoder.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        // Disposing the encoder writes the last block and the gzip trailer (CRC and length).
        _output.Target = output;
        await _encoder.DisposeAsync().ConfigureAwait(false);
    }
}
