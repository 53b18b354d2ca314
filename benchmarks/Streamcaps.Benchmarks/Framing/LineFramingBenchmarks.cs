using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Streamcaps.Framing;

namespace Streamcaps.Benchmarks.Framing;

/// <summary>
/// Line framing of <see cref="TotalBytes"/> of text delivered in 64 KiB chunks (the 1 GiB, scaled
/// down so a short BenchmarkDotNet job fits; the per-byte and per-line figures do not depend on the total).
/// Each method counts the lines; every contender copies each chunk once out of its "socket" (the baselines
/// inside their readers, the decoder into a reused receive buffer), so they do the same work.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class LineFramingBenchmarks
{
    /// <summary>Bytes per operation.</summary>
    public const int TotalBytes = 64 * 1024 * 1024;

    private const int ChunkSize = 64 * 1024;
    private const int MaxLineLength = 1024;

    private readonly byte[] _receiveBuffer = new byte[ChunkSize];
    private byte[][] _chunks = [];

    /// <summary>How many lines the text has (for bytes per line: allocated / lines).</summary>
    public int LineCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        // Lines of 0 to 160 printable characters (80 on average), so about one line per chunk crosses a boundary.
        var random = new Random(42);
        var text = new byte[TotalBytes];
        for (var at = 0; at < text.Length;)
        {
            var length = Math.Min(random.Next(0, 161), text.Length - at - 1);
            for (var i = 0; i < length; i++)
            {
                text[at + i] = (byte)random.Next(' ', '~' + 1);
            }

            text[at + length] = (byte)'\n';
            at += length + 1;
            LineCount++;
        }

        _chunks = text.Chunk(ChunkSize).ToArray();
        Console.WriteLine($"// {LineCount} lines in {TotalBytes} bytes");
    }

    [Benchmark(Baseline = true, Description = "PipeReader + SequenceReader")]
    public async Task<long> PipeReaderSequenceReader()
    {
        var reader = PipeReader.Create(new ChunkStream(_chunks), new StreamPipeReaderOptions(bufferSize: ChunkSize));
        long lines = 0;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            lines += CountLines(ref buffer);
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        return lines;
    }

    [Benchmark(Description = "StreamReader.ReadLineAsync")]
    public async Task<long> StreamReaderReadLine()
    {
        using var reader = new StreamReader(new ChunkStream(_chunks), System.Text.Encoding.ASCII, false, ChunkSize);
        long lines = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            lines++;
        }

        return lines;
    }

    [Benchmark(Description = "Streamcaps LineDecoder")]
    public async Task<long> StreamcapsLineDecoder()
    {
        var decoder = new LineDecoder(MaxLineLength);
        var sink = new LineCountingSink();
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(_receiveBuffer, 0);
            await decoder.RunAsync(_receiveBuffer.AsMemory(0, chunk.Length), sink);
        }

        await decoder.CompleteAsync(sink);
        return sink.Count;
    }

    [Benchmark(Description = "Streamcaps Flow: source.Through(LineDecoder)")]
    public async Task<long> StreamcapsFlow()
    {
        var sink = new LineCountingSink();
        await global::Streamcaps.Flow.RunAsync(new ReceiveBufferSource(_chunks, _receiveBuffer).Through(new LineDecoder(MaxLineLength)), sink);
        return sink.Count;
    }

    private static long CountLines(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        long lines = 0;
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (line.Length > MaxLineLength)
            {
                throw new InvalidDataException("Line too long.");
            }

            lines++;
        }

        if (reader.Remaining > MaxLineLength)
        {
            throw new InvalidDataException("Line too long.");
        }

        buffer = buffer.Slice(reader.Position);
        return lines;
    }

    /// <summary>Counts lines and nothing else, synchronously.</summary>
    private sealed class LineCountingSink : ISink<ReadOnlyMemory<byte>>
    {
        public long Count { get; private set; }

        public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
        {
            Count++;
            return default;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

        public ValueTask AbortAsync(Exception problem) => default;
    }

    /// <summary>A source that copies each chunk into one reused receive buffer and lends it, as a socket source does.</summary>
    private sealed class ReceiveBufferSource(byte[][] chunks, byte[] buffer) : ISource<ReadOnlyMemory<byte>>
    {
        private int _next;

        public ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
        {
            if (_next == chunks.Length)
            {
                return sink.CompleteAsync(cancellationToken);
            }

            var chunk = chunks[_next++];
            chunk.CopyTo(buffer, 0);
            return sink.RunAsync(buffer.AsMemory(0, chunk.Length), cancellationToken);
        }
    }
}
