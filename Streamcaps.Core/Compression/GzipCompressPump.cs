using System.IO.Compression;

namespace Streamcaps.Compression;

/// <summary>Gzip-compresses a byte flow (see <see cref="Pump.GzipCompress(CompressionLevel)"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A pump's only end is CompleteAsync, which disposes the encoder; an abandoned encoder's zlib handle is released by its SafeHandle.")]
internal sealed class GzipCompressPump : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    private readonly SinkWriteStream _output = new();
    private readonly GZipStream _encoder;

    public GzipCompressPump(CompressionLevel level) => _encoder = new GZipStream(_output, level, leaveOpen: true);

    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        _output.Target = output;
        return _encoder.WriteAsync(item, cancellationToken);
    }

    public async ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        // Disposing the encoder writes the last block and the gzip trailer (CRC and length).
        _output.Target = output;
        await _encoder.DisposeAsync().ConfigureAwait(false);
    }
}
