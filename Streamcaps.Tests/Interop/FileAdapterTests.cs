using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

public sealed class FileSourceConformance : SourceConformance<ReadOnlyMemory<byte>>, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } =
        [new byte[] { 0, 1, 2, 3 }, new byte[] { 4, 5, 6, 7 }, new byte[] { 8, 9 }];

    protected override ISource<ReadOnlyMemory<byte>> CreateSource()
    {
        var path = _directory.File(Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        return Source.FromFile(path, bufferSize: 4);
    }

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;

    public void Dispose() => _directory.Dispose();
}

public sealed class FileSinkConformance : SinkConformance<ReadOnlyMemory<byte>>, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override ISink<ReadOnlyMemory<byte>> CreateSink() => Sink.ToFile(_directory.File(Guid.NewGuid().ToString("N")));

    protected override ReadOnlyMemory<byte> CreateItem(int index) => new byte[] { (byte)index, 1, 2 };

    public void Dispose() => _directory.Dispose();
}

public sealed class FileAdapterTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task File_copied_through_a_flow_is_identical_byte_for_byte()
    {
        var data = ByteStreams.RandomBytes(3 * 1024 * 1024 + 17, seed: 4);
        var from = _directory.File("from.bin");
        var to = _directory.File("to.bin");
        await File.WriteAllBytesAsync(from, data);

        await Flow.RunAsync(Source.FromFile(from), Sink.ToFile(to)).WaitAsync(Bound);

        Assert.Equal(data, await File.ReadAllBytesAsync(to));
    }

    [Fact]
    public async Task Missing_file_fails_the_flow_with_FileNotFoundException_unchanged()
    {
        var sink = new ProbeSink<ReadOnlyMemory<byte>>();

        var thrown = await Assert.ThrowsAsync<FileNotFoundException>(
            () => Flow.RunAsync(Source.FromFile(_directory.File("absent.bin")), sink).WaitAsync(Bound));

        Assert.Same(thrown, sink.Problem);
    }

    [Fact]
    public async Task File_sink_in_a_missing_directory_fails_with_DirectoryNotFoundException()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([new byte[] { 1 }]), Sink.ToFile(_directory.File("no/such/dir.bin"))).WaitAsync(Bound));
    }

    [Fact]
    public async Task Empty_flow_into_a_file_sink_makes_an_empty_file()
    {
        var path = _directory.File("empty.bin");

        await Flow.RunAsync(Source.Empty<ReadOnlyMemory<byte>>(), Sink.ToFile(path)).WaitAsync(Bound);

        Assert.Empty(await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task File_source_closes_the_file_at_the_end()
    {
        var path = _directory.File("closed.bin");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);

        await Flow.RunAsync(Source.FromFile(path), Sink.Null<ReadOnlyMemory<byte>>()).WaitAsync(Bound);

        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Assert.Equal(3, exclusive.Length);
    }

    public void Dispose() => _directory.Dispose();
}
