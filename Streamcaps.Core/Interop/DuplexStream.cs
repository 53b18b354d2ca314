using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Streamcaps.Interop;

/// <summary>
/// A <see cref="Stream"/> over a byte source and a byte sink, for code that wants a stream (an
/// <see cref="System.Net.Security.SslStream"/>, a <see cref="StreamReader"/>, a serializer): reads pull
/// from the source, writes deliver to the sink. It keeps the contract of <c>NetworkStream</c>.
/// </summary>
/// <remarks>
/// <para>Reading: see <see cref="SourceReader"/>; a chunk larger than the caller's buffer is served by
/// later reads without being copied aside. A read returns 0 once the source completed, on every later read
/// too, and an empty buffer waits until bytes are there without taking any. When the source aborted, that
/// read and every later one throw <see cref="IOException"/> (the source's problem, or an
/// <see cref="IOException"/> wrapping it): a reset is never read as the end.</para>
/// <para>Writing: <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> lends the caller's
/// buffer to the sink for exactly as long as the write is pending (DESIGN rule 5), so it copies nothing.
/// <see cref="Flush"/> does nothing: a write completes only when the sink took the bytes. Once a write
/// failed (the peer is gone), that write and every later one throw <see cref="IOException"/>.</para>
/// <para>Cancellation cancels that one call (DESIGN rule 6). A call whose token is already cancelled returns
/// a cancelled task and touches nothing. A pending read that is cancelled took no bytes: the stream reads on
/// from where it was. A pending write that is cancelled may have handed part of its bytes to the
/// transport, so the byte stream is broken: the sink is aborted (on a connection, a reset, so the peer
/// never takes a cut stream for a whole one), and every later write throws <see cref="IOException"/>.</para>
/// <para>Timeouts: <see cref="ReadTimeout"/> and <see cref="WriteTimeout"/> bound the synchronous
/// <see cref="Read(byte[], int, int)"/> and <see cref="Write(byte[], int, int)"/>, as NetworkStream's do;
/// past them the call throws <see cref="IOException"/> (wrapping a <see cref="TimeoutException"/>) and
/// behaves as a cancelled call. Asynchronous calls take a cancellation token instead.</para>
/// <para>Reads and writes may run concurrently with each other, one read and one write at a time; an
/// overlapping read or write throws <see cref="InvalidOperationException"/>. No synchronous call can
/// deadlock on the stream's own completions: a read that completes inside the source's delivery continues
/// its caller on the thread pool.</para>
/// <para>Ending: <see cref="CompleteWritesAsync"/> completes the sink (a half-close on a connection);
/// reading goes on. <see cref="Stream.DisposeAsync"/> and <see cref="Stream.Dispose()"/> complete the sink if
/// that was not done yet, waiting for it at most <see cref="CloseTimeout"/> (then the sink is aborted), give a
/// held chunk back to the source and dispose the owner passed to the constructor, if any. Disposal never
/// throws because the peer is gone; disposing twice is harmless; every call after it throws
/// <see cref="ObjectDisposedException"/>.</para>
/// <para>A one-way view (<see cref="CanRead"/> or <see cref="CanWrite"/> false, made by a connection's
/// <c>AsReadStream</c>/<c>AsWriteStream</c>) throws <see cref="NotSupportedException"/> for the other
/// direction, like a read-only <c>NetworkStream</c>.</para>
/// </remarks>
public sealed class DuplexStream : Stream
{
    /// <summary>The default <see cref="CloseTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultCloseTimeout = TimeSpan.FromSeconds(10);

    private readonly SourceReader? _reader;
    private readonly ISink<ReadOnlyMemory<byte>>? _sink;
    private readonly IAsyncDisposable? _owner;
    private byte[]? _oneByteRead;
    private byte[]? _oneByteWrite;
    private CancellationTokenSource? _readTimer;
    private CancellationTokenSource? _writeTimer;
    private Exception? _writeFailure;
    private int _readTimeout = Timeout.Infinite;
    private int _writeTimeout = Timeout.Infinite;
    private int _writing;
    private int _writesCompleted;
    private int _disposed;

    /// <summary>Creates a stream that reads from <paramref name="source"/> and writes to <paramref name="sink"/>.</summary>
    /// <param name="source">Where reads come from. The stream is its only caller from now on.</param>
    /// <param name="sink">Where writes go. The stream is its only caller from now on.</param>
    /// <param name="owner">Disposed with the stream (the connection the source and sink belong to), or
    /// <see langword="null"/> to leave it to the caller.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="sink"/> is null.</exception>
    public DuplexStream(ISource<ReadOnlyMemory<byte>> source, ISink<ReadOnlyMemory<byte>> sink, IAsyncDisposable? owner = null)
        : this(ReaderOf(source), sink ?? throw new ArgumentNullException(nameof(sink)), owner)
    {
    }

    private DuplexStream(SourceReader? reader, ISink<ReadOnlyMemory<byte>>? sink, IAsyncDisposable? owner)
    {
        _reader = reader;
        _sink = sink;
        _owner = owner;
    }

    /// <summary>A read-only stream over <paramref name="source"/>: writing throws <see cref="NotSupportedException"/>.</summary>
    internal static DuplexStream ReadOnly(ISource<ReadOnlyMemory<byte>> source, IAsyncDisposable? owner) => new(ReaderOf(source), null, owner);

    /// <summary>A write-only stream over <paramref name="sink"/>: reading throws <see cref="NotSupportedException"/>.</summary>
    internal static DuplexStream WriteOnly(ISink<ReadOnlyMemory<byte>> sink, IAsyncDisposable? owner) => new(reader: null, sink, owner);

    /// <summary>Whether the source completed cleanly and every byte it delivered has been read.</summary>
    public bool IsReadCompleted => _reader?.IsCompleted ?? false;

    /// <summary>How long disposal waits for the sink to complete (on a connection: close_notify and FIN
    /// accepted by the transport) before it aborts the sink instead. <see cref="Timeout.InfiniteTimeSpan"/>
    /// waits as long as it takes. Default <see cref="DefaultCloseTimeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value other than
    /// <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan CloseTimeout
    {
        get;
        set
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The close timeout must be positive, zero, or Timeout.InfiniteTimeSpan.");
            }

            field = value;
        }
    } = DefaultCloseTimeout;

    /// <summary>Whether the stream reads: false for a write-only view and after disposal.</summary>
    public override bool CanRead => _reader is not null && !IsDisposed;

    /// <summary>Whether the stream writes: false for a read-only view and after disposal.</summary>
    public override bool CanWrite => _sink is not null && !IsDisposed;

    /// <summary>Always false: a connection has no position.</summary>
    public override bool CanSeek => false;

    /// <summary>True, as for NetworkStream: <see cref="ReadTimeout"/> and <see cref="WriteTimeout"/> apply to
    /// the synchronous calls.</summary>
    public override bool CanTimeout => true;

    /// <summary>How long, in milliseconds, a synchronous read waits for data before it throws
    /// <see cref="IOException"/>; <see cref="Timeout.Infinite"/> (the default) waits as long as it takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to 0 or to a negative value other than
    /// <see cref="Timeout.Infinite"/>.</exception>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    public override int ReadTimeout
    {
        get
        {
            ThrowIfDisposed();
            return _readTimeout;
        }

        set
        {
            ThrowIfDisposed();
            _readTimeout = ValidTimeout(value);
        }
    }

    /// <summary>How long, in milliseconds, a synchronous write waits for the sink before it throws
    /// <see cref="IOException"/> (and, like a cancelled write, aborts the sink); <see cref="Timeout.Infinite"/>
    /// (the default) waits as long as it takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to 0 or to a negative value other than
    /// <see cref="Timeout.Infinite"/>.</exception>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    public override int WriteTimeout
    {
        get
        {
            ThrowIfDisposed();
            return _writeTimeout;
        }

        set
        {
            ThrowIfDisposed();
            _writeTimeout = ValidTimeout(value);
        }
    }

    /// <summary>Not supported: throws <see cref="NotSupportedException"/>.</summary>
    public override long Length => throw new NotSupportedException("A connection's stream has no length.");

    /// <summary>Not supported: throws <see cref="NotSupportedException"/>.</summary>
    public override long Position
    {
        get => throw new NotSupportedException("A connection's stream has no position.");
        set => throw new NotSupportedException("A connection's stream has no position.");
    }

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Reads up to <paramref name="buffer"/>'s length of bytes from the source.</summary>
    /// <returns>The number of bytes read: at least 1 for a non-empty buffer, 0 once the source completed. An
    /// empty buffer waits until bytes are available (or the end) and returns 0 without taking any.</returns>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    /// <exception cref="NotSupportedException">The stream is write-only.</exception>
    /// <exception cref="InvalidOperationException">Another read is in flight.</exception>
    /// <remarks>The task faults with <see cref="IOException"/> when the source failed (and on every later
    /// read), and is cancelled when <paramref name="cancellationToken"/> fires first, with no byte taken.</remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var reader = Reader();
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<int>(cancellationToken)
            : reader.ReadAsync(buffer, cancellationToken);
    }

    /// <inheritdoc cref="ReadAsync(Memory{byte}, CancellationToken)"/>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="count"/>
    /// is outside <paramref name="buffer"/>.</exception>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Reads synchronously, blocking the calling thread until the source delivers, at most
    /// <see cref="ReadTimeout"/>.</summary>
    /// <inheritdoc cref="ReadAsync(byte[], int, int, CancellationToken)"/>
    /// <exception cref="IOException">The source failed, or <see cref="ReadTimeout"/> passed.</exception>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return CallWithin(_readTimeout, ref _readTimer, "read", buffer.AsMemory(offset, count),
            static (stream, memory, cancellationToken) => Wait(stream.Reader().ReadAsync(memory, cancellationToken)));
    }

    /// <summary>Reads one byte synchronously, as <see cref="Read(byte[], int, int)"/> does.</summary>
    /// <returns>The byte, or -1 once the source completed.</returns>
    public override int ReadByte()
    {
        // Stream's own ReadByte allocates an array on every call.
        var one = _oneByteRead ??= new byte[1];
        return Read(one, 0, 1) == 0 ? -1 : one[0];
    }

    /// <inheritdoc/>
    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    /// <inheritdoc/>
    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    /// <summary>Delivers <paramref name="buffer"/> to the sink; it is lent until the returned task completes.</summary>
    /// <returns>A task that completes when the sink took every byte.</returns>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    /// <exception cref="NotSupportedException">The stream is read-only.</exception>
    /// <exception cref="InvalidOperationException">Another write is in flight.</exception>
    /// <remarks>The task faults with <see cref="IOException"/> when the sink failed, when an earlier write
    /// failed or was cancelled while pending, and after <see cref="CompleteWritesAsync"/>. Cancelled before
    /// it started, it touches nothing; cancelled while pending, it aborts the sink (see the class remarks).</remarks>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var sink = Sink();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (Interlocked.Exchange(ref _writing, 1) != 0)
        {
            ThrowWriteInFlight();
        }

        if (_writeFailure is not null || _writesCompleted != 0 || buffer.IsEmpty)
        {
            Volatile.Write(ref _writing, 0);
            return _writeFailure is not null ? ValueTask.FromException(WriteRefused())
                : _writesCompleted != 0 ? ValueTask.FromException(WritesCompleted())
                : default;
        }

        ValueTask delivery;
        try
        {
            delivery = sink.RunAsync(buffer, cancellationToken);
        }
        catch (Exception failure)
        {
            delivery = ValueTask.FromException(failure);
        }

        if (delivery.IsCompletedSuccessfully)
        {
            // Consumes a pooled source's result so its owner can reuse it.
            delivery.GetAwaiter().GetResult();
            Volatile.Write(ref _writing, 0);
            return default;
        }

        return AwaitWriteAsync(delivery, cancellationToken);
    }

    /// <inheritdoc cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="count"/>
    /// is outside <paramref name="buffer"/>.</exception>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Writes synchronously, blocking the calling thread until the sink took the bytes, at most
    /// <see cref="WriteTimeout"/>.</summary>
    /// <inheritdoc cref="WriteAsync(byte[], int, int, CancellationToken)"/>
    /// <exception cref="IOException">The sink failed, an earlier write failed, or <see cref="WriteTimeout"/>
    /// passed (the sink is then aborted).</exception>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        CallWithin(_writeTimeout, ref _writeTimer, "write", buffer.AsMemory(offset, count),
            static (stream, memory, cancellationToken) =>
            {
                Wait(stream.WriteAsync(memory, cancellationToken));
                return 0;
            });
    }

    /// <summary>Writes one byte synchronously, as <see cref="Write(byte[], int, int)"/> does.</summary>
    public override void WriteByte(byte value)
    {
        var one = _oneByteWrite ??= new byte[1];
        one[0] = value;
        Write(one, 0, 1);
    }

    /// <inheritdoc/>
    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    /// <inheritdoc/>
    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    /// <summary>Does nothing: every write already waited for the sink.</summary>
    public override void Flush()
    {
    }

    /// <summary>Does nothing: every write already waited for the sink.</summary>
    /// <returns>A completed task, or a cancelled one when <paramref name="cancellationToken"/> is cancelled.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <summary>Completes the sink: no more writes (on a connection, a half-close: FIN, or close_notify and
    /// FIN over TLS). Reading goes on. Calling it again completes at once.</summary>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    /// <exception cref="NotSupportedException">The stream is read-only.</exception>
    /// <remarks>The task faults with <see cref="IOException"/> when the sink could not complete (the peer is
    /// gone) or an earlier write failed; cancelled before it started, it does nothing.</remarks>
    public ValueTask CompleteWritesAsync(CancellationToken cancellationToken = default)
    {
        var sink = Sink();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return CompleteSinkAsync(sink, cancellationToken);
    }

    /// <summary>Not supported: throws <see cref="NotSupportedException"/>.</summary>
    public override long Seek(long offset, SeekOrigin origin) =>
        throw new NotSupportedException("A connection's stream cannot seek.");

    /// <summary>Not supported: throws <see cref="NotSupportedException"/>.</summary>
    public override void SetLength(long value) =>
        throw new NotSupportedException("A connection's stream has no length.");

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
            if (_sink is not null)
            {
                await CloseSinkAsync(_sink).ConfigureAwait(false);
            }
        }
        finally
        {
            _reader?.Dispose();
            _readTimer?.Dispose();
            _writeTimer?.Dispose();
            if (_owner is not null)
            {
                await _owner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Completes the sink within <see cref="CloseTimeout"/>, or aborts it. What goes wrong here is
    /// the peer's doing (it is gone, or stopped reading), never a reason for disposal to throw.</summary>
    private async ValueTask CloseSinkAsync(ISink<ReadOnlyMemory<byte>> sink)
    {
        if (_writeFailure is not null || Volatile.Read(ref _writing) != 0)
        {
            // The byte stream is broken, or a write is still pending that disposal cuts: a reset, never a FIN.
            await sink.AbortAsync(new ObjectDisposedException(nameof(DuplexStream))).ConfigureAwait(false);
            return;
        }

        using var deadline = CloseTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(CloseTimeout);
        try
        {
            await CompleteSinkAsync(sink, deadline?.Token ?? CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is IOException or OperationCanceledException)
        {
            await sink.AbortAsync(failure).ConfigureAwait(false);
        }
    }

    private ValueTask CompleteSinkAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writesCompleted, 1) != 0)
        {
            return default;
        }

        if (_writeFailure is not null)
        {
            return ValueTask.FromException(WriteRefused());
        }

        ValueTask completion;
        try
        {
            completion = sink.CompleteAsync(cancellationToken);
        }
        catch (Exception failure)
        {
            completion = ValueTask.FromException(failure);
        }

        return completion.IsCompletedSuccessfully ? completion : AwaitCompletionAsync(completion);
    }

    private async ValueTask AwaitCompletionAsync(ValueTask completion)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            throw RecordWriteFailure(failure);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitWriteAsync(ValueTask delivery, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            // Part of the bytes may be on their way: the byte stream is broken, so the sink is aborted (a
            // reset) and later writes are refused, whatever the sink itself does on cancellation.
            RecordWriteFailure(new IOException("A write was cancelled while pending; part of it may have been sent, so the connection was reset.", cancelled));
            await _sink!.AbortAsync(cancelled).ConfigureAwait(false);
            throw;
        }
        catch (Exception failure)
        {
            throw RecordWriteFailure(failure);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>Remembers the first failure of the write side and returns the exception to throw for it.</summary>
    private IOException RecordWriteFailure(Exception failure)
    {
        var problem = AsIOException(failure);
        Interlocked.CompareExchange(ref _writeFailure, problem, null);
        return problem;
    }

    [DoesNotReturn]
    private static void ThrowWriteInFlight() =>
        throw new InvalidOperationException("A write is still in flight; await each WriteAsync before the next.");

    private static IOException WritesCompleted() =>
        new("The stream's writes were completed (the connection was half-closed); it cannot write any more.");

    private IOException WriteRefused() =>
        new("The stream cannot write any more: an earlier write failed or was cancelled. " + _writeFailure!.Message, _writeFailure);

    /// <summary>The stream's failures are <see cref="IOException"/>s, as NetworkStream's are: the transport's
    /// own exception (a <see cref="System.Net.Sockets.SocketException"/>, a <see cref="TimeoutException"/>)
    /// is kept as the inner exception.</summary>
    private static IOException AsIOException(Exception failure) =>
        failure as IOException ?? new IOException($"The connection failed: {failure.Message}", failure);

    private static IOException TimedOut(string operation, int timeout) =>
        new($"The synchronous {operation} did not complete within the {operation} timeout of {timeout} ms.",
            new TimeoutException($"The {operation} timed out after {timeout} ms."));

    private static SourceReader ReaderOf(ISource<ReadOnlyMemory<byte>> source) =>
        new(source ?? throw new ArgumentNullException(nameof(source)), AsIOException);

    private SourceReader Reader()
    {
        ThrowIfDisposed();
        return _reader ?? throw new NotSupportedException("This stream is write-only: it cannot read.");
    }

    private ISink<ReadOnlyMemory<byte>> Sink()
    {
        ThrowIfDisposed();
        return _sink ?? throw new NotSupportedException("This stream is read-only: it cannot write.");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private static int ValidTimeout(int milliseconds) =>
        milliseconds > 0 || milliseconds == Timeout.Infinite
            ? milliseconds
            : throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, "A timeout is a positive number of milliseconds or Timeout.Infinite.");

    /// <summary>Makes a synchronous call, cancelled after <paramref name="timeout"/> milliseconds unless that is
    /// <see cref="Timeout.Infinite"/>; a call cancelled by the timer throws <see cref="IOException"/>. The
    /// call is a static lambda, so no call allocates.</summary>
    private T CallWithin<T>(int timeout, ref CancellationTokenSource? timerSlot, string operation, Memory<byte> buffer,
        Func<DuplexStream, Memory<byte>, CancellationToken, T> call)
    {
        if (timeout == Timeout.Infinite)
        {
            return call(this, buffer, CancellationToken.None);
        }

        var timer = StartTimer(ref timerSlot, timeout);
        try
        {
            return call(this, buffer, timer.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw TimedOut(operation, timeout);
        }
        finally
        {
            StopTimer(ref timerSlot, timer);
        }
    }

    /// <summary>A timer for one synchronous call, reused from call to call while it did not fire.</summary>
    private static CancellationTokenSource StartTimer(ref CancellationTokenSource? slot, int timeout)
    {
        var timer = Interlocked.Exchange(ref slot, null) ?? new CancellationTokenSource();
        timer.CancelAfter(timeout);
        return timer;
    }

    private static void StopTimer(ref CancellationTokenSource? slot, CancellationTokenSource timer)
    {
        if (!timer.TryReset() || Interlocked.CompareExchange(ref slot, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private static T Wait<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return;
        }

        pending.AsTask().GetAwaiter().GetResult();
    }
}
