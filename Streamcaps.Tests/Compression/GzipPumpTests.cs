using System.Diagnostics;
using System.IO.Compression;
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
    public async Task Corrupt_input_fails_with_InvalidDataException()
    {
        var corrupt = Compress(ByteStreams.RandomBytes(10_000, seed: 7));
        corrupt[0] ^= 0xFF;

        await Assert.ThrowsAsync<InvalidDataException>(
            () => Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([corrupt]).Through(Pump.GzipDecompress()), Sink.Null<ReadOnlyMemory<byte>>()).WaitAsync(Bound));
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
