using System.Diagnostics;
using System.IO.Compression;
using Streamcaps.Framing;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Compression;

public sealed class GzipPumpTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Compressed_then_decompressed_bytes_are_identical()
    {
        var data = ByteStreams.RandomBytes(1024 * 1024, seed: 5);
        var received = Sink.CollectBytes();

        await Flow.RunAsync(
            Chunks(data, 7_777).Through(Pump.GzipCompress(CompressionLevel.Fastest)).Through(Pump.GzipDecompress(4096)),
            received).WaitAsync(Bound);

        Assert.Equal(data, await received.Result);
    }

    [Fact]
    public async Task Compressed_output_is_read_by_the_gunzip_tool()
    {
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("streamcaps gzip check\n", 10_000)));
        var path = _directory.File("out.gz");

        await Flow.RunAsync(Chunks(data, 1000).Through(Pump.GzipCompress()), Sink.ToFile(path)).WaitAsync(Bound);

        Assert.Equal(data, await RunGunzipAsync(path));
        Assert.True(new FileInfo(path).Length < data.Length / 10, "the output was not compressed");
    }

    [Fact]
    public async Task Output_of_the_gzip_tool_is_decompressed()
    {
        var data = ByteStreams.RandomBytes(300_000, seed: 6);
        var path = _directory.File("in");
        await File.WriteAllBytesAsync(path, data);
        using (var gzip = Process.Start(new ProcessStartInfo("gzip", ["-k", path]))!)
        {
            await gzip.WaitForExitAsync().WaitAsync(Bound);
            Assert.Equal(0, gzip.ExitCode);
        }

        var received = Sink.CollectBytes();
        await Flow.RunAsync(Source.FromFile(path + ".gz", bufferSize: 1000).Through(Pump.GzipDecompress()), received).WaitAsync(Bound);

        Assert.Equal(data, await received.Result);
    }

    [Fact]
    public async Task Concatenated_gzip_members_decompress_to_the_concatenated_data()
    {
        var first = Compress([1, 2, 3]);
        var second = Compress([4, 5]);
        var received = Sink.CollectBytes();

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([first, second]).Through(Pump.GzipDecompress()), received).WaitAsync(Bound);

        Assert.Equal([1, 2, 3, 4, 5], await received.Result);
    }

    [Fact]
    public async Task Corrupt_input_fails_with_a_FramingException()
    {
        var corrupt = Compress(ByteStreams.RandomBytes(10_000, seed: 7));
        corrupt[0] ^= 0xFF;

        await Assert.ThrowsAsync<FramingException>(() => DecompressAsync([corrupt]));
    }

    [Fact]
    public async Task Corrupt_compressed_data_fails_with_a_FramingException_carrying_the_inflater_error()
    {
        var corrupt = Compress(ByteStreams.RandomBytes(10_000, seed: 7));
        corrupt[10] = 0xFF; // the first deflate block header: BTYPE 11 is reserved

        var failure = await Assert.ThrowsAsync<FramingException>(() => DecompressAsync([corrupt]));
        Assert.IsType<InvalidDataException>(failure.InnerException);
    }

    [Fact]
    public async Task A_stream_cut_anywhere_fails_with_TruncatedFrameException()
    {
        // Two members, so cuts fall in the first and the last member's header, body and trailer. Cutting at the
        // member boundary leaves whole gzip data: that is the one cut nobody can see.
        var first = Compress(ByteStreams.RandomBytes(1_000, seed: 8));
        var second = Compress(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("cut me ", 500))));
        byte[] whole = [.. first, .. second];

        for (var cut = 0; cut < whole.Length; cut++)
        {
            if (cut == first.Length)
            {
                continue;
            }

            var received = Sink.CollectBytes();
            var run = Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([whole.AsMemory(0, cut)]).Through(Pump.GzipDecompress()), received);
            var failure = await Record.ExceptionAsync(() => run.WaitAsync(Bound));
            Assert.True(failure is TruncatedFrameException, $"a cut after {cut} of {whole.Length} bytes gave {failure?.GetType().Name ?? "no error"}");
        }
    }

    [Fact]
    public async Task The_README_case_a_stream_missing_its_last_20_bytes_fails()
    {
        var data = ByteStreams.RandomBytes(100_000, seed: 9);
        var compressed = Compress(data);

        var received = new List<byte>();
        var failure = await Record.ExceptionAsync(() => Flow.RunAsync(
            Source.From<ReadOnlyMemory<byte>>([compressed.AsMemory(0, compressed.Length - 20)]).Through(Pump.GzipDecompress()),
            Sink.ForEach<ReadOnlyMemory<byte>>(chunk => received.AddRange(chunk.ToArray()))).WaitAsync(Bound));

        Assert.IsType<TruncatedFrameException>(failure);
        Assert.Equal(data.AsSpan(0, received.Count).ToArray(), received.ToArray()); // what came before the fault is right
    }

    [Theory]
    [InlineData(8)] // a CRC-32 byte
    [InlineData(4)] // a length byte
    public async Task A_trailer_that_does_not_match_the_data_fails(int fromEnd)
    {
        var corrupt = Compress(ByteStreams.RandomBytes(10_000, seed: 10));
        corrupt[^fromEnd] ^= 0x01;

        var failure = await Assert.ThrowsAnyAsync<FramingException>(() => DecompressAsync([corrupt]));
        Assert.IsNotType<TruncatedFrameException>(failure);
    }

    [Fact]
    public async Task Bytes_after_the_last_member_that_are_not_a_member_fail()
    {
        byte[] input = [.. Compress([1, 2, 3]), .. "trailing"u8];

        await Assert.ThrowsAsync<FramingException>(() => DecompressAsync([input]));
    }

    [Fact]
    public async Task Empty_input_is_a_cut_stream()
    {
        await Assert.ThrowsAsync<TruncatedFrameException>(() => DecompressAsync([]));
    }

    [Fact]
    public async Task Headers_with_every_optional_field_decompress_in_any_chunking()
    {
        var plain = ByteStreams.RandomBytes(20_000, seed: 11);
        byte[] members = [.. WithOptionalFields(Compress(plain.AsSpan(0, 12_000).ToArray())), .. Compress(plain.AsSpan(12_000).ToArray())];

        foreach (var maxChunk in new[] { 1, 7, 100, 10_000 })
        {
            var chunks = Framing.PumpHarness.Rechunk(members, seed: maxChunk, maxChunk).Select(static chunk => (ReadOnlyMemory<byte>)chunk);
            Assert.Equal(plain, await DecompressAsync(chunks));
        }
    }

    [Fact]
    public async Task A_small_member_read_whole_while_looking_for_the_previous_trailer_is_not_taken_for_a_cut()
    {
        // Found by the property test: the search for the first trailer read the whole second member and met the
        // end of the input, which must not count as the second member's data being cut.
        var large = ByteStreams.RandomBytes(2_500, seed: 12);
        var small = ByteStreams.RandomBytes(31, seed: 13);
        byte[] members = [.. Compress(large), .. Compress(small)];

        var received = await DecompressAsync([members]); // one chunk: the inflater's last read holds both members
        Assert.Equal(large.Concat(small), received);
    }

    [Fact]
    public async Task A_wrong_header_CRC_fails()
    {
        var member = WithOptionalFields(Compress([1, 2, 3]));
        member[10 + 2 + 3 + "name\0".Length + "comment\0".Length] ^= 0x01; // the header CRC's first byte

        await Assert.ThrowsAsync<FramingException>(() => DecompressAsync([member]));
    }

    [Fact]
    public async Task Decompressed_chunks_stay_valid_until_their_delivery_completed()
    {
        var sink = new LentMemoryCheckingSink();

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([Compress(new byte[100_000])]).Through(Pump.GzipDecompress(1000)), sink).WaitAsync(Bound);

        Assert.Empty(sink.Violations);
        Assert.Equal(100, sink.FirstBytes.Count);
    }

    [Fact]
    public async Task Empty_input_compresses_to_a_valid_empty_gzip()
    {
        var compressed = Sink.CollectBytes();

        await Flow.RunAsync(Source.Empty<ReadOnlyMemory<byte>>().Through(Pump.GzipCompress()), compressed).WaitAsync(Bound);

        using var decoder = new GZipStream(new MemoryStream(await compressed.Result), CompressionMode.Decompress);
        Assert.Equal(-1, decoder.ReadByte());
    }

    private static ISource<ReadOnlyMemory<byte>> Chunks(byte[] data, int size) =>
        Source.From(Enumerable.Range(0, (data.Length + size - 1) / size)
            .Select(i => (ReadOnlyMemory<byte>)data.AsMemory(i * size, Math.Min(size, data.Length - (i * size)))));

    private static async Task<byte[]> DecompressAsync(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        var received = Sink.CollectBytes();
        await Flow.RunAsync(Source.From(chunks).Through(Pump.GzipDecompress()), received).WaitAsync(Bound);
        return await received.Result;
    }

    /// <summary>The member with FEXTRA, FNAME, FCOMMENT and FHCRC set in its header (RFC 1952, 2.3.1).</summary>
    private static byte[] WithOptionalFields(byte[] member)
    {
        byte[] header = [.. member.AsSpan(0, 10), .. (byte[])[3, 0, (byte)'x', (byte)'y', (byte)'z'], .. "name\0"u8, .. "comment\0"u8];
        header[3] = 0x04 | 0x08 | 0x10 | 0x02;
        var crc = Streamcaps.Compression.Crc32.Append(0, header);
        return [.. header, (byte)crc, (byte)(crc >> 8), .. member.AsSpan(10)];
    }

    private static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var encoder = new GZipStream(output, CompressionLevel.Fastest))
        {
            encoder.Write(data);
        }

        return output.ToArray();
    }

    private static async Task<byte[]> RunGunzipAsync(string path)
    {
        using var gunzip = Process.Start(new ProcessStartInfo("gunzip", ["-c", path]) { RedirectStandardOutput = true })!;
        var output = new MemoryStream();
        await gunzip.StandardOutput.BaseStream.CopyToAsync(output).WaitAsync(Bound);
        await gunzip.WaitForExitAsync().WaitAsync(Bound);
        Assert.Equal(0, gunzip.ExitCode);
        return output.ToArray();
    }

    public void Dispose() => _directory.Dispose();
}
