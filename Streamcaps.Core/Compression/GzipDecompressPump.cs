using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using Streamcaps.Framing;

namespace Streamcaps.Compression;

/// <summary>
/// Gzip-decompresses a byte flow (see <see cref="Pump.GzipDecompress(int)"/>), reading the gzip framing (RFC 1952)
/// itself so a stream cut anywhere is told from a whole one: it parses each member's header, inflates the body
/// with a raw <see cref="DeflateStream"/>, and checks the trailer's CRC-32 and length against what it delivered.
/// </summary>
/// <remarks>
/// A decoding loop reads a <see cref="ChunkFeedStream"/>; it runs only while a call of the pump hands it input,
/// so every output delivery happens within the pump's own calls, as the protocol asks of pumps.
/// <see cref="GZipStream"/> cannot be used: it hides where a member ends, and ends quietly when its input ends
/// inside one. A raw inflater reads ahead too, but never more than one read of the feed: the compressed data
/// ends inside that read, and the trailer, whose eight bytes are known once the body is inflated, is found right
/// after it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The decoding loop disposes each member's inflater when it stops; the feed stream holds no resources.")]
internal sealed class GzipDecompressPump : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    private const int FixedHeaderLength = 10;
    private const int TrailerLength = 8;
    private const byte Id1 = 0x1F;
    private const byte Id2 = 0x8B;
    private const byte Deflate = 8;
    private const byte HeaderCrcFlag = 0x02;
    private const byte ExtraFlag = 0x04;
    private const byte NameFlag = 0x08;
    private const byte CommentFlag = 0x10;
    private const byte ReservedFlags = 0xE0;

    private readonly ChunkFeedStream _input = new();
    private readonly int _bufferSize;
    private ISink<ReadOnlyMemory<byte>>? _output;
    private CancellationToken _token;
    private Task? _decoding;
    private uint _headerCrc;

    public GzipDecompressPump(int bufferSize) => _bufferSize = bufferSize;

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

    /// <summary>Reports the decoder's failure (malformed input, or a delivery that faulted) to the call that feeds it.</summary>
    private void ThrowIfDecoderStopped()
    {
        if (_decoding is { IsFaulted: true } decoding)
        {
            ExceptionDispatchInfo.Throw(Composition.TaskProblem.Of(decoding));
        }
    }

    private async Task DecodeAsync()
    {
        var output = ArrayPool<byte>.Shared.Rent(_bufferSize);
        var scratch = ArrayPool<byte>.Shared.Rent(ChunkFeedStream.MaxReadLength + TrailerLength);
        try
        {
            var first = true;
            while (await ReadHeaderAsync(scratch, first).ConfigureAwait(false))
            {
                var (crc, length) = await InflateBodyAsync(output).ConfigureAwait(false);
                await ReadTrailerAsync(scratch, crc, length).ConfigureAwait(false);
                first = false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(output);
            _input.DecoderStopped();
        }
    }

    /// <summary>Reads one member's header; false when the input ended cleanly, after a whole member.</summary>
    private async ValueTask<bool> ReadHeaderAsync(byte[] scratch, bool first)
    {
        var count = await ReadAtMostAsync(scratch.AsMemory(0, FixedHeaderLength)).ConfigureAwait(false);
        if (count == 0 && !first)
        {
            return false;
        }

        if ((count > 0 && scratch[0] != Id1) || (count > 1 && scratch[1] != Id2))
        {
            throw new FramingException(first
                ? "The input is not gzip data: it does not start with the gzip signature 1F 8B."
                : "Bytes after the end of the gzip data are not another gzip member (they do not start with 1F 8B).");
        }

        if (count < FixedHeaderLength)
        {
            throw new TruncatedFrameException(count, $"a gzip member header needs at least {FixedHeaderLength}");
        }

        if (scratch[2] != Deflate)
        {
            throw new FramingException($"The gzip member uses compression method {scratch[2]}; only 8 (deflate) is defined.");
        }

        var flags = scratch[3];
        if ((flags & ReservedFlags) != 0)
        {
            throw new FramingException($"The gzip member header sets reserved flags (FLG = 0x{flags:X2}).");
        }

        _headerCrc = Crc32.Append(0, scratch.AsSpan(0, FixedHeaderLength));
        if ((flags & ExtraFlag) != 0)
        {
            await ReadHeaderFieldAsync(scratch.AsMemory(0, 2)).ConfigureAwait(false);
            for (int left = BinaryPrimitives.ReadUInt16LittleEndian(scratch), part; left > 0; left -= part)
            {
                part = Math.Min(left, scratch.Length);
                await ReadHeaderFieldAsync(scratch.AsMemory(0, part)).ConfigureAwait(false);
            }
        }

        if ((flags & NameFlag) != 0)
        {
            await SkipZeroTerminatedAsync(scratch).ConfigureAwait(false);
        }

        if ((flags & CommentFlag) != 0)
        {
            await SkipZeroTerminatedAsync(scratch).ConfigureAwait(false);
        }

        if ((flags & HeaderCrcFlag) != 0)
        {
            var expected = (ushort)_headerCrc;
            await ReadHeaderFieldAsync(scratch.AsMemory(0, 2)).ConfigureAwait(false);
            var stored = BinaryPrimitives.ReadUInt16LittleEndian(scratch);
            if (stored != expected)
            {
                throw new FramingException($"The gzip member header's CRC-16 is 0x{stored:X4}; the header's bytes give 0x{expected:X4}.");
            }
        }

        return true;
    }

    private async ValueTask SkipZeroTerminatedAsync(byte[] scratch)
    {
        do
        {
            await ReadHeaderFieldAsync(scratch.AsMemory(0, 1)).ConfigureAwait(false);
        }
        while (scratch[0] != 0);
    }

    /// <summary>Reads exactly <paramref name="field"/>'s length of header bytes, adding them to the header's CRC.</summary>
    private async ValueTask ReadHeaderFieldAsync(Memory<byte> field)
    {
        var count = await ReadAtMostAsync(field).ConfigureAwait(false);
        if (count < field.Length)
        {
            throw new TruncatedFrameException("The input ended inside a gzip member header (in its optional fields).");
        }

        _headerCrc = Crc32.Append(_headerCrc, field.Span);
    }

    /// <summary>Inflates one member's compressed data, delivering it; returns its CRC-32 and length (mod 2^32).</summary>
    private async ValueTask<(uint Crc, uint Length)> InflateBodyAsync(byte[] buffer)
    {
        var inflater = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        await using (inflater.ConfigureAwait(false))
        {
            uint crc = 0;
            uint length = 0;
            while (true)
            {
                int count;
                try
                {
                    count = await inflater.ReadAsync(buffer.AsMemory(0, _bufferSize), _token).ConfigureAwait(false);
                }
                catch (InvalidDataException corrupt)
                {
                    throw new FramingException($"The gzip member's compressed data is corrupt: {corrupt.Message}", corrupt);
                }

                if (count == 0)
                {
                    break;
                }

                crc = Crc32.Append(crc, buffer.AsSpan(0, count));
                length += (uint)count;
                await _output!.RunAsync(buffer.AsMemory(0, count), _token).ConfigureAwait(false);
            }

            if (_input.EndReached)
            {
                // The inflater asked for more and the input had ended: the deflate data was not finished.
                throw new TruncatedFrameException($"The input ended inside a gzip member's compressed data, after {length} decompressed bytes of it.");
            }

            return (crc, length);
        }
    }

    /// <summary>
    /// Finds and checks the member's trailer. The compressed data ended inside the inflater's last read, at
    /// least one byte into it; the trailer (CRC-32, then length, little-endian) starts right there, so it is the
    /// first place in that read where those eight known bytes follow. What comes after it is given back to the
    /// input for the next member.
    /// </summary>
    private async ValueTask ReadTrailerAsync(byte[] scratch, uint crc, uint length)
    {
        var candidates = _input.LastReadLength;
        _input.Unread(candidates - 1);
        var window = scratch.AsMemory(0, candidates - 1 + TrailerLength);
        var count = await ReadAtMostAsync(window).ConfigureAwait(false);

        Span<byte> trailer = stackalloc byte[TrailerLength];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], length);
        var found = window.Span[..count].IndexOf(trailer);
        if (found >= 0 && found < candidates)
        {
            _input.PushBack(window.Span[(found + TrailerLength)..count]);
            return;
        }

        // When the input ended inside the window, its last eight bytes are the trailer if the stream is whole: one
        // half matching there says the other half is corrupt; neither matching says the trailer was cut.
        var last = count - TrailerLength;
        if (count < window.Length && (last < 0 || last >= candidates
            || !(window.Span.Slice(last, 4).SequenceEqual(trailer[..4]) || window.Span.Slice(last + 4, 4).SequenceEqual(trailer[4..]))))
        {
            throw new TruncatedFrameException(
                $"The input ended before the gzip member's {TrailerLength}-byte trailer (CRC-32 and length) was complete.");
        }

        throw new FramingException(
            $"The gzip member's trailer does not match its data, which has CRC-32 0x{crc:X8} and length {length} (mod 2^32): the data is corrupt.");
    }

    /// <summary>Reads until <paramref name="into"/> is full or the input ended; returns how much was read.</summary>
    private async ValueTask<int> ReadAtMostAsync(Memory<byte> into)
    {
        var total = 0;
        while (total < into.Length)
        {
            var count = await _input.ReadAsync(into[total..], _token).ConfigureAwait(false);
            if (count == 0)
            {
                break;
            }

            total += count;
        }

        return total;
    }
}
