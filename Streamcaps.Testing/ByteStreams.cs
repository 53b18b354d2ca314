namespace Streamcaps.Testing;

/// <summary>The moves the byte-stream checks make: random data, written in random chunks from one reused
/// buffer (so a sink that keeps lent memory without copying is caught), and read back.</summary>
public static class ByteStreams
{
    /// <summary><paramref name="length"/> bytes from a seeded generator, the same on every run.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="data"/> in chunks of 1 to <paramref name="maxChunk"/> bytes, each one
    /// copied into the same buffer, which is scribbled over as soon as the delivery completed.</summary>
    public static async Task WriteInRandomChunksAsync(
        ISink<ReadOnlyMemory<byte>> writer, ReadOnlyMemory<byte> data, int seed, int maxChunk = 16 * 1024,
        CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        var buffer = new byte[maxChunk];
        for (var offset = 0; offset < data.Length;)
        {
            var length = Math.Min(random.Next(1, maxChunk + 1), data.Length - offset);
            data.Slice(offset, length).CopyTo(buffer);
            await writer.RunAsync(buffer.AsMemory(0, length), cancellationToken);
            buffer.AsSpan(0, length).Fill(0xEE);
            offset += length;
        }
    }

    /// <summary>Reads until the source completes; faults as the source fails.</summary>
    public static async Task<byte[]> ReadToEndAsync(ISource<ReadOnlyMemory<byte>> reader, CancellationToken cancellationToken = default)
    {
        var collected = Sink.CollectBytes();
        await Flow.RunAsync(reader, collected, cancellationToken);
        return await collected.Result;
    }

    /// <summary>Pulls exactly <paramref name="count"/> bytes, leaving the source open.</summary>
    /// <exception cref="EndOfStreamException">The source ended first.</exception>
    public static async Task<byte[]> ReadExactlyAsync(ISource<ReadOnlyMemory<byte>> reader, int count, CancellationToken cancellationToken = default)
    {
        var sink = new ExactSink(count);
        while (sink.Received < count)
        {
            await reader.RunAsync(sink, cancellationToken);
            if (sink.Ended is { } end)
            {
                throw new EndOfStreamException($"The source ended ({end}) after {sink.Received} of {count} bytes.");
            }
        }

        return sink.Bytes;
    }

    /// <summary>Copies chunks into one array of the expected size and notes the end instead of taking it.</summary>
    private sealed class ExactSink(int count) : ISink<ReadOnlyMemory<byte>>
    {
        public byte[] Bytes { get; } = new byte[count];

        public int Received { get; private set; }

        public string? Ended { get; private set; }

        public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
        {
            if (item.Length > count - Received)
            {
                throw new InvalidDataException($"Received more than the {count} bytes expected.");
            }

            item.Span.CopyTo(Bytes.AsSpan(Received));
            Received += item.Length;
            return default;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            Ended = "completed";
            return default;
        }

        public ValueTask AbortAsync(Exception problem)
        {
            Ended = $"aborted: {problem.Message}";
            return default;
        }
    }
}
