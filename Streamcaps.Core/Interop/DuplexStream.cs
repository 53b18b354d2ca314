namespace Streamcaps.Interop;

/// <summary>
/// A <see cref="Stream"/> over a byte source and a byte sink, for code that wants a stream (an
/// <see cref="System.Net.Security.SslStream"/>, a <see cref="StreamReader"/>, a serializer): reads pull
/// from the source, writes deliver to the sink.
/// </summary>
/// <remarks>
/// <para>Reading: see <see cref="SourceReader"/>; a chunk larger than the caller's buffer is served by
/// later reads without being copied aside. A read returns 0 once the source completed; it throws the
/// source's problem when the source aborted.</para>
/// <para>Writing: <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> lends the caller's
/// buffer to the sink for exactly as long as the write is pending (DESIGN rule 5), so it copies nothing.
/// <see cref="Flush"/> does nothing: a write completes only when the sink took the bytes.</para>
/// <para>Reads and writes may run concurrently with each other (one read and one write at a time).</para>
/// <para>Ending: <see cref="CompleteWritesAsync"/> completes the sink (a half-close on a connection);
/// reading goes on. <see cref="Stream.DisposeAsync"/> completes the sink if that was not done yet, gives a
/// held chunk back to the source and disposes the owner passed to the constructor, if any; when completing
/// the sink fails, the owner is still disposed and the failure is thrown.</para>
/// </remarks>
public sealed class DuplexStream : Stream
{
    private readonly SourceReader _reader;
    private readonly ISink<ReadOnlyMemory<byte>> _sink;
    private readonly IAsyncDisposable? _owner;
    private int _writesCompleted;
    private int _disposed;

    /// <summary>Creates a stream that reads from <paramref name="source"/> and writes to <paramref name="sink"/>.</summary>
    /// <param name="source">Where reads come from. The stream is its only caller from now on.</param>
    /// <param name="sink">Where writes go. The stream is its only caller from now on.</param>
    /// <param name="owner">Disposed with the stream (the connection the source and sink belong to), or
    /// <see langword="null"/> to leave it to the caller.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="sink"/> is null.</exception>
    public DuplexStream(ISource<ReadOnlyMemory<byte>> source, ISink<ReadOnlyMemory<byte>> sink, IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        _reader = new SourceReader(source);
        _sink = sink;
        _owner = owner;
    }

    /// <summary>Whether the source completed cleanly and every byte it delivered has been read.</summary>
    public bool IsReadCompleted => _reader.IsCompleted;

    /// <inheritdoc/>
    public override bool CanRead => _disposed == 0;

    /// <inheritdoc/>
    public override bool CanWrite => _disposed == 0;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException("A duplex stream has no length.");

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException("A duplex stream has no position.");
        set => throw new NotSupportedException("A duplex stream has no position.");
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length of bytes from the source.</summary>
    /// <returns>The number of bytes read; 0 only when the source completed (or for an empty buffer, once
    /// bytes are available).</returns>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads synchronously, blocking the calling thread until the source delivers.</summary>
    public override int Read(byte[] buffer, int offset, int count) =>
        Wait(_reader.ReadAsync(buffer.AsMemory(offset, count)));

    /// <summary>Delivers <paramref name="buffer"/> to the sink; it is lent until the returned task completes.</summary>
    /// <returns>A task that completes when the sink took every byte and faults as the sink's delivery faults.</returns>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty ? default : _sink.RunAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Writes synchronously, blocking the calling thread until the sink took the bytes.</summary>
    public override void Write(byte[] buffer, int offset, int count) =>
        Wait(WriteAsync(buffer.AsMemory(offset, count)));

    /// <summary>Does nothing: every write already waited for the sink.</summary>
    public override void Flush()
    {
    }

    /// <summary>Does nothing: every write already waited for the sink.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <summary>Completes the sink: no more writes (on a connection, a half-close). Reading goes on.
    /// Calling it again completes at once.</summary>
    public ValueTask CompleteWritesAsync(CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _writesCompleted, 1) == 0 ? _sink.CompleteAsync(cancellationToken) : default;

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) =>
        throw new NotSupportedException("A duplex stream cannot seek.");

    /// <inheritdoc/>
    public override void SetLength(long value) =>
        throw new NotSupportedException("A duplex stream has no length.");

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Wait(DisposeCoreAsync());
        }

        base.Dispose(disposing);
    }

    private async ValueTask DisposeCoreAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await CompleteWritesAsync().ConfigureAwait(false);
        }
        finally
        {
            _reader.Dispose();
            if (_owner is not null)
            {
                await _owner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static T Wait<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            return;
        }

        pending.AsTask().GetAwaiter().GetResult();
    }
}
