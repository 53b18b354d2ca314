namespace Streamcaps.Benchmarks.Framing;

/// <summary>A read-only stream that hands out prepared chunks, at most one per read, as a socket hands out
/// what arrived: the input of the <c>PipeReader</c> and <c>StreamReader</c> baselines.</summary>
internal sealed class ChunkStream(byte[][] chunks) : Stream
{
    private int _chunk;
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (_chunk == chunks.Length)
        {
            return 0;
        }

        var source = chunks[_chunk].AsSpan(_offset);
        var count = Math.Min(source.Length, buffer.Length);
        source[..count].CopyTo(buffer);
        _offset += count;
        if (_offset == chunks[_chunk].Length)
        {
            _chunk++;
            _offset = 0;
        }

        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
