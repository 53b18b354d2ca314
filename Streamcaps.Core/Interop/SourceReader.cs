using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Streamcaps.Internal;

namespace Streamcaps.Interop;

/// <summary>
/// Reads a byte source the way a stream is read: into the caller's buffer, a chunk at a time, or exactly
/// <c>n</c> bytes (Mnet's <c>really_read</c>).
/// </summary>
/// <remarks>
/// <para>Zero-copy: a chunk the source lends that is larger than the caller's buffer is not copied aside.
/// The reader keeps that delivery pending (DESIGN rule 5: the chunk stays valid until its delivery
/// completes) and serves later reads straight from it; the source gets its chunk back as soon as its last byte was read,
/// or on <see cref="Dispose"/>. Bytes are therefore copied exactly once, from the source's memory into the
/// caller's buffer.</para>
/// <para>Over a TCP connection a read into a buffer of 4 KiB or more (a TLS session's record reads, a copy loop)
/// and a zero-byte wait go straight to the socket, as <c>NetworkStream</c> reads do: the receive writes into the
/// caller's buffer, with no chunk of the source's in between. Smaller reads share one bigger receive as above.</para>
/// <para>One read at a time: an overlapping read faults with <see cref="InvalidOperationException"/>.
/// A read that completes synchronously allocates nothing. A read served by a chunk larger than the
/// caller's buffer completes only once the source awaits that chunk's delivery, so a continuation that
/// reads again, even synchronously, never waits for a source call that is still running below it.</para>
/// <para>The end: a read returns 0 once the source completed (and on every later read). When the source
/// aborted, that read and every later one fault with the source's problem. A cancelled read faults with
/// <see cref="OperationCanceledException"/> and leaves the reader usable.</para>
/// </remarks>
public sealed class SourceReader : IDisposable
{
    private readonly Machine _machine;

    /// <summary>Creates a reader that pulls from <paramref name="source"/>.</summary>
    /// <param name="source">The byte source. The reader is its only caller from now on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public SourceReader(ISource<ReadOnlyMemory<byte>> source)
        : this(source, static problem => problem)
    {
    }

    /// <summary>Creates a reader whose reads fail with <paramref name="describeFailure"/>'s view of the
    /// source's problem (a stream's <see cref="IOException"/>).</summary>
    internal SourceReader(ISource<ReadOnlyMemory<byte>> source, Func<Exception, Exception> describeFailure)
    {
        ArgumentNullException.ThrowIfNull(source);
        _machine = new Machine(source, describeFailure);
    }

    /// <summary>Whether the source completed cleanly and every byte it delivered has been read.</summary>
    public bool IsCompleted => _machine.IsCompleted;

    /// <summary>Reads up to <paramref name="buffer"/>'s length of bytes.</summary>
    /// <param name="buffer">Where the bytes go. An empty buffer waits until bytes are available (or the
    /// source ended) without consuming any, like a zero-byte socket read.</param>
    /// <param name="cancellationToken">Cancels this read only.</param>
    /// <returns>The number of bytes read: at least 1 for a non-empty buffer, and 0 only when the source
    /// completed.</returns>
    /// <exception cref="InvalidOperationException">Another read is in flight.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    /// <remarks>The returned task faults with the source's problem when the source aborted.</remarks>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _machine.ReadAsync(buffer, cancellationToken);

    /// <summary>Fills <paramref name="buffer"/> completely.</summary>
    /// <exception cref="EndOfStreamException">The source completed before the buffer was full; the
    /// message says how many bytes arrived.</exception>
    /// <remarks>The returned task faults with the source's problem when the source aborted.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var received = 0;
        while (received < buffer.Length)
        {
            var read = await _machine.ReadAsync(buffer[received..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                ThrowHelper.ThrowEndOfSource(received, buffer.Length);
            }

            received += read;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="EndOfStreamException">The source completed before <paramref name="count"/> bytes
    /// arrived; the message says how many did.</exception>
    public async ValueTask<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var bytes = new byte[count];
        await ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Gives a chunk the reader still holds back to the source, unread. Later reads throw
    /// <see cref="ObjectDisposedException"/>. Disposing twice is harmless.</summary>
    public void Dispose() => _machine.Dispose();

    /// <summary>
    /// The reader's state machine. It is the sink handed to the source on every call, the task source the
    /// waiting read awaits, and the task source a lent chunk's delivery awaits while it is being read.
    /// </summary>
    /// <remarks>
    /// A read that finds no lent bytes starts a source call, and the call settles the read: the chunk fits
    /// (the read completes when the call does), the chunk is larger (the rest is held and the read completes
    /// as soon as the source awaits the delivery, while the call stays pending), or the source ended. A held
    /// chunk goes back to the source the moment its last byte is read, so a peer waiting for its bytes to be
    /// taken (a lockstep transport) is never kept waiting by a reader that has what it needs. Its call may still be finishing when the next
    /// read arrives; that read then waits, and the finishing call starts the next one. <see cref="_sync"/>
    /// orders exactly that hand-over.
    /// </remarks>
    private sealed class Machine : ISink<ReadOnlyMemory<byte>>, IValueTaskSource<int>, IValueTaskSource
    {
        private readonly ISource<ReadOnlyMemory<byte>> _source;
        /// <summary>The source, when it can receive straight into the caller's buffer (a TCP connection's).</summary>
        private readonly IDirectByteSource? _direct;
        private readonly Func<Exception, Exception> _describeFailure;
        private readonly Action _onCallFinished;
        private readonly Lock _sync = new();
        private ManualResetValueTaskSourceCore<int> _read;
        private ManualResetValueTaskSourceCore<bool> _hold;
        private PendingCall _call;
        private Memory<byte> _destination;
        private CancellationToken _token;
        private ReadOnlyMemory<byte> _lent;
        private int _holding;
        private bool _settleWhenAwaited;
        private bool _callInFlight;
        private bool _readWaiting;
        private int _copied;
        private bool _ended;
        private Exception? _failure;
        private int _reading;
        private bool _disposed;

        public Machine(ISource<ReadOnlyMemory<byte>> source, Func<Exception, Exception> describeFailure)
        {
            _source = source;
            _direct = source as IDirectByteSource;
            _describeFailure = describeFailure;
            _onCallFinished = OnCallFinished;
        }

        public bool IsCompleted => _ended && _failure is null && _lent.IsEmpty;

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SourceReader));
            if (Interlocked.Exchange(ref _reading, 1) != 0)
            {
                ThrowHelper.ThrowReadInFlight();
            }

            if (!_lent.IsEmpty)
            {
                var count = Math.Min(buffer.Length, _lent.Length);
                _lent.Span[..count].CopyTo(buffer.Span);
                _lent = _lent[count..];
                if (_lent.IsEmpty)
                {
                    Release();
                }

                Volatile.Write(ref _reading, 0);
                return new ValueTask<int>(count);
            }

            if (_ended)
            {
                Volatile.Write(ref _reading, 0);
                return _failure is null ? new ValueTask<int>(0) : ValueTask.FromException<int>(_failure);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _reading, 0);
                return ValueTask.FromCanceled<int>(cancellationToken);
            }

            if (_direct is not null && (buffer.IsEmpty || buffer.Length >= DirectReadMinimum) && !IsCallInFlight())
            {
                return ReadDirect(_direct, buffer, cancellationToken);
            }

            _read.Reset();
            var version = _read.Version;
            _destination = buffer;
            _token = cancellationToken;
            _copied = 0;
            bool start;
            lock (_sync)
            {
                _readWaiting = true;
                start = !_callInFlight;
                _callInFlight = true;
            }

            if (start)
            {
                Pump();
            }

            return new ValueTask<int>(this, version);
        }

        /// <summary>The smallest read that goes straight to a direct source. A smaller one (a length prefix, a
        /// header) is served from one bigger receive lent by a source call, so a run of small reads costs one
        /// system call rather than one each.</summary>
        private const int DirectReadMinimum = 4 * 1024;

        /// <summary>Whether the call that lent the last chunk is still finishing (the source is still busy).</summary>
        private bool IsCallInFlight()
        {
            lock (_sync)
            {
                return _callInFlight;
            }
        }

        /// <summary>A read straight from a direct source into <paramref name="buffer"/>: no chunk is lent, so
        /// nothing is held between reads and the bytes are copied once, by the receive itself.</summary>
        private ValueTask<int> ReadDirect(IDirectByteSource direct, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            ValueTask<int> receive;
            try
            {
                receive = direct.ReceiveIntoAsync(buffer, cancellationToken);
            }
            catch (Exception thrown)
            {
                receive = ValueTask.FromException<int>(thrown);
            }

            if (!receive.IsCompletedSuccessfully)
            {
                return AwaitDirectAsync(receive, buffer.IsEmpty);
            }

            var read = receive.Result;
            SettleDirect(read, buffer.IsEmpty);
            return new ValueTask<int>(read);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<int> AwaitDirectAsync(ValueTask<int> receive, bool waitOnly)
        {
            int read;
            try
            {
                read = await receive.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Cancellation ends this read only (DESIGN rule 6); the source took nothing and is still usable.
                Volatile.Write(ref _reading, 0);
                throw;
            }
            catch (Exception thrown)
            {
                _ended = true;
                _failure = _describeFailure(thrown);
                Volatile.Write(ref _reading, 0);
                throw _failure;
            }

            SettleDirect(read, waitOnly);
            return read;
        }

        /// <summary>A direct read returned <paramref name="read"/>: 0 for a non-empty buffer is the end, unless the
        /// reader was disposed under the read (closing the socket can end a pending receive with 0, which is not
        /// the peer's end and must not read as one): that throws <see cref="ObjectDisposedException"/>.</summary>
        private void SettleDirect(int read, bool waitOnly)
        {
            Volatile.Write(ref _reading, 0);
            if (read == 0 && !waitOnly)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), typeof(SourceReader));
                _ended = true;
            }
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _lent = default;
            Release();
        }

        /// <summary>Gives a held chunk back: the delivery that lent it completes.</summary>
        private void Release()
        {
            // Atomic: a disposal may race the read that takes the last byte.
            if (Interlocked.Exchange(ref _holding, 0) == 1)
            {
                _hold.SetResult(true);
            }
        }

        /// <summary>Makes source calls for the waiting read until one settles it or goes asynchronous.</summary>
        private void Pump()
        {
            while (true)
            {
                ValueTask call;
                try
                {
                    call = _ended ? default : _source.RunAsync(this, _token);
                }
                catch (Exception thrown)
                {
                    call = ValueTask.FromException(thrown);
                }

                if (!_call.TryFinishNow(call, _onCallFinished, out var failure) || Finish(failure))
                {
                    return;
                }

                Volatile.Write(ref _callInFlight, true);
            }
        }

        private void OnCallFinished()
        {
            if (!Finish(_call.TakeOutcome()))
            {
                Volatile.Write(ref _callInFlight, true);
                Pump();
            }
        }

        /// <summary>A call finished. Settles the waiting read, if any; false when nothing arrived for it yet
        /// (an empty chunk, or the call of a chunk given back) and another call is needed.</summary>
        private bool Finish(Exception? thrown)
        {
            bool readWaiting;
            lock (_sync)
            {
                _callInFlight = false;
                readWaiting = _readWaiting;
            }

            if (thrown is OperationCanceledException && !_ended)
            {
                // Cancellation ends the read it was meant for (DESIGN rule 6); the source is still usable.
                if (readWaiting)
                {
                    SettleRead(thrown);
                }

                return true;
            }

            if (thrown is not null && !_ended)
            {
                _ended = true;
                _failure = _describeFailure(thrown);
            }

            if (!readWaiting)
            {
                return true;
            }

            if (_copied > 0)
            {
                SettleRead(null);
                return true;
            }

            if (_ended)
            {
                SettleRead(_failure);
                return true;
            }

            return false;
        }

        private void SettleRead(Exception? problem)
        {
            var copied = _copied;
            _destination = default;
            _token = default;
            _readWaiting = false;
            Volatile.Write(ref _reading, 0);
            if (problem is null)
            {
                _read.SetResult(copied);
            }
            else
            {
                _read.SetException(problem);
            }
        }

        ValueTask ISink<ReadOnlyMemory<byte>>.RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
        {
            var count = Math.Min(item.Length, _destination.Length);
            item.Span[..count].CopyTo(_destination.Span);
            _copied = count;
            if (count == item.Length)
            {
                return default;
            }

            _lent = item[count..];
            _hold.Reset();
            var version = _hold.Version;
            Volatile.Write(ref _holding, 1);
            // The read is settled once the source awaits this delivery (see OnCompleted), not here: its
            // continuation may run inline and read again, and a read that needs the next call must not find
            // this one still running below it on the stack (a synchronous read would wait forever).
            _settleWhenAwaited = true;
            return new ValueTask(this, version);
        }

        ValueTask ISink<ReadOnlyMemory<byte>>.CompleteAsync(CancellationToken cancellationToken)
        {
            _ended = true;
            return default;
        }

        ValueTask ISink<ReadOnlyMemory<byte>>.AbortAsync(Exception problem)
        {
            _ended = true;
            _failure = _describeFailure(problem);
            return default;
        }

        int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token,
            ValueTaskSourceOnCompletedFlags flags) => _read.OnCompleted(continuation, state, token, flags);

        void IValueTaskSource.GetResult(short token) => _hold.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _hold.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token,
            ValueTaskSourceOnCompletedFlags flags)
        {
            _hold.OnCompleted(continuation, state, token, flags);
            if (_settleWhenAwaited)
            {
                // The source now waits for its chunk back: its call is suspended, no longer on the stack.
                _settleWhenAwaited = false;
                SettleRead(null);
            }
        }
    }
}
