using Streamcaps.Text;

namespace Streamcaps.Cli.Relaying;

/// <summary>Builds the pumps of one direction, in the order the bytes meet them: count, dump, decompress, check
/// UTF-8 (on the first address's form), re-frame from the reading side's framing to the writing side's,
/// compress, limit the rate. Each direction gets pumps of its own: pumps hold state.</summary>
internal static class DirectionPumps
{
    public static ISource<ReadOnlyMemory<byte>> Apply(ISource<ReadOnlyMemory<byte>> source, RelayOptions options, Traffic traffic, bool forward)
    {
        source = source.Through(new MeterPump(traffic, forward));
        if (options.HexDump)
        {
            source = source.Through(new HexDumpPump(Console.Error, forward ? '>' : '<'));
        }

        // --gzip: the second address speaks gzip; --gunzip: the first does.
        if (forward ? options.Gunzip : options.Gzip)
        {
            source = source.Through(Pump.GzipDecompress());
        }

        if (options.Utf8 && forward)
        {
            source = CheckUtf8(source);
        }

        var (from, to) = forward ? (options.FirstFraming, options.SecondFraming) : (options.SecondFraming, options.FirstFraming);
        if (from is not null && to is not null)
        {
            // The same framing on both sides still re-frames: that is what checks its limit.
            source = source.Through(from.Decoder()).Through(to.Encoder());
        }

        if (options.Utf8 && !forward)
        {
            source = CheckUtf8(source);
        }

        if (forward ? options.Gzip : options.Gunzip)
        {
            // Flushed per chunk: in a tunnel a reply waits for its request, which must not wait for a full block.
            source = source.Through(Pump.GzipCompress(System.IO.Compression.CompressionLevel.Fastest, flushEachChunk: true));
        }

        if (options.BytesPerSecond is { } rate)
        {
            source = source.Through(Pump.ThrottleBytes(rate, TimeSpan.FromSeconds(1)));
        }

        return source;
    }

    /// <summary>Decodes and re-encodes: invalid UTF-8 fails the direction with <see cref="InvalidUtf8Exception"/>;
    /// a character split across chunks is whole again on the way out.</summary>
    private static ISource<ReadOnlyMemory<byte>> CheckUtf8(ISource<ReadOnlyMemory<byte>> source) =>
        source.Through(new Utf8Decoder()).Through(new Utf8Encoder());
}
