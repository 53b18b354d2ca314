using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Interop;

/// <summary>
/// Sources that own what they read (<c>Source.FromFile</c>, <c>Source.FromStream</c> without <c>LeaveOpen</c>)
/// release it on every ending: the end, a failed read, cancellation, a sink that fails, a pump downstream that
/// finished early.
/// </summary>
public sealed class StreamSourceReleaseTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> Endings => ["complete", "read fails", "cancelled", "sink fails", "TakeWhile ends"];

    [Theory]
    [MemberData(nameof(Endings))]
    public async Task An_owned_stream_is_disposed_however_the_flow_ends(string ending)
    {
        var stream = new TrackingStream(new byte[100_000], failReads: ending == "read fails");
        var source = Source.FromStream(stream, new StreamSourceOptions { BufferSize = 1000 });

        await RunEndingAsync(source, ending).WaitAsync(Bound);

        Assert.True(stream.Disposed, $"the stream is still open after the flow ended ({ending})");
    }

    [Fact]
    public async Task A_stream_left_open_stays_open_when_the_flow_stops_early()
    {
        var stream = new TrackingStream(new byte[100_000], failReads: false);
        var source = Source.FromStream(stream, new StreamSourceOptions { BufferSize = 1000, LeaveOpen = true });

        await RunEndingAsync(source, "sink fails").WaitAsync(Bound);

        Assert.False(stream.Disposed);
    }

    [Fact]
    public async Task Ten_thousand_file_flows_that_stop_early_leave_no_file_open()
    {
        var path = _directory.File("data.bin");
        await File.WriteAllBytesAsync(path, new byte[4096]);
        string[] endings = ["sink fails", "TakeWhile ends", "cancelled"];

        for (var i = 0; i < 10_000; i++)
        {
            await RunEndingAsync(Source.FromFile(path, bufferSize: 64), endings[i % endings.Length]).WaitAsync(Bound);
        }

        // Only descriptors of this test's file count, so other tests running in parallel do not disturb it; no
        // collection is forced, so a file left to the finalizer would still be open here.
        Assert.True(OpenDescriptorsOf(path) <= 16, $"{OpenDescriptorsOf(path)} descriptors of the file are still open");
    }

    private static async Task RunEndingAsync(ISource<ReadOnlyMemory<byte>> source, string ending)
    {
        using var cancellation = new CancellationTokenSource();
        var run = ending switch
        {
            "complete" or "read fails" => Flow.RunAsync(source, Sink.Null<ReadOnlyMemory<byte>>()),
            "cancelled" => Flow.RunAsync(source, Sink.ForEach<ReadOnlyMemory<byte>>(_ => cancellation.Cancel()), cancellation.Token),
            "sink fails" => Flow.RunAsync(source, Sink.ForEach<ReadOnlyMemory<byte>>(_ => throw new InvalidDataException("refused"))),
            _ => Flow.RunAsync(source.Through(Pump.TakeWhile<ReadOnlyMemory<byte>>(_ => false)), Sink.Null<ReadOnlyMemory<byte>>()),
        };
        try
        {
            await run;
        }
        catch (Exception failure) when (failure is InvalidDataException or IOException or OperationCanceledException && ending != "complete")
        {
        }
    }

    private static int OpenDescriptorsOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var count = 0;
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget == path)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked: not open.
            }
        }

        return count;
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A readable stream that records its disposal, and can fail its reads.</summary>
    private sealed class TrackingStream(byte[] data, bool failReads) : MemoryStream(data)
    {
        public bool Disposed { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            failReads ? ValueTask.FromException<int>(new IOException("the disk is gone")) : base.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
