using System.Buffers;
using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace Streamcaps.Compression;

/// <summary>
/// Gzip-decompresses a byte flow (see <see cref="Pump.GzipDecompress(int)"/>). A decoding loop reads a
/// <see cref="GZipStream"/> over a <see cref="ChunkFeedStream"/>; it runs only while a call of the pump hands it
/// input, so every output delivery happens within the pump's own calls, as the protocol asks of pumps.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The decoding loop disposes the decoder when it stops; the feed stream holds no resources.")]
internal sealed class GzipDecompressPump : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    private readonly ChunkFeedStream _input = new();
    private readonly GZipStream _decoder;
    private readonly int _bufferSize;
    private ISink<ReadOnlyMemory<byte>>? _output;
    private CancellationToken _token;
    private Task? _decoding;

    public GzipDecompressPump(int bufferSize)
    {
        _bufferSize = bufferSize;
        _decoder = new GZipStream(_input, CompressionMode.Decompress);
    }

    public async ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ThrowIfDecoderStopped();
        _output = output;
        _token = cancellationToken;
        var consumed = _input.SupplyAsync(item);
        _decoding ??= DecodeAsync();
        await consumed.ConfigureAwait(false);
        ThrowIfDecoderStopped();
    }

    public async ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        _output = output;
        _token = cancellationToken;
        var stopped = _input.EndAsync();
        _decoding ??= DecodeAsync();
        await stopped.ConfigureAwait(false);
        await _decoding.ConfigureAwait(false);
    }

    /// <summary>Reports the decoder's failure (corrupt input, or a delivery that faulted) to the call that feeds it.</summary>
    private void ThrowIfDecoderStopped()
    {
        if (_decoding is { IsFaulted: true } decoding)
        {
            ExceptionDispatchInfo.Throw(Composition.TaskProblem.Of(decoding));
        }
    }

    private async Task DecodeAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        try
        {
            while (true)
            {
                var count = await _decoder.ReadAsync(buffer.AsMemory(0, _bufferSize), _token).ConfigureAwait(false);
                if (count == 0)
                {
                    return;
                }

                await _output!.RunAsync(buffer.AsMemory(0, count), _token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await _decoder.DisposeAsync().ConfigureAwait(false);
            _input.DecoderStopped();
        }
    }
}
