namespace Streamcaps.Compression;

/// <summary>
/// A write-only stream that delivers every write to the sink it is currently pointed at, so a
/// <see cref="System.IO.Compression.GZipStream"/> can write its output straight into a flow. The encoder's
/// buffer is lent to the sink until the delivery completes, which is exactly how long the encoder waits.
/// </summary>
internal sealed class SinkWriteStream : Stream
{
    public ISink<ReadOnlyMemory<byte>>? Target { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty ? default : Target!.RunAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    // The encoder is only driven through its asynchronous methods; a blocking write would block a flow.
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The gzip pump writes asynchronously only.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
