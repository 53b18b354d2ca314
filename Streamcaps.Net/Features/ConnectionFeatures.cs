using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Streamcaps.Net;

/// <summary>
/// What a connection offers beside its <see cref="IConnection.Source"/> and <see cref="IConnection.Sink"/>: its
/// state, user data attached to it, non-blocking and partial reads and writes, a write that cannot be
/// interrupted halfway, shutting down the read side, and what TLS negotiated. Extension members of
/// <see cref="IConnection"/>, so they read as the connection's own: <c>connection.State</c>,
/// <c>connection.Items</c>, <c>connection.TryRead(buffer, out n)</c>.
/// </summary>
/// <remarks>
/// <para>Everything here works on any <see cref="IConnection"/> (TCP, TLS, <see cref="Memory.MemoryConnection"/>,
/// your own), except <c>State</c> and <c>Failure</c>, which need a connection of this library and throw
/// <see cref="NotSupportedException"/> for others.</para>
/// <para>The direct reads (<see cref="TryRead"/>, <see cref="WaitToReadAsync"/>, <see cref="ShutdownReceive"/>)
/// use the connection's source: do not call <see cref="IConnection.Source"/> yourself while they are in use
/// (its calls then fault with <see cref="InvalidOperationException"/>). Likewise the direct writes
/// (<see cref="TryWrite"/>, <see cref="WriteSomeAsync"/>) use the sink; use it yourself only when
/// <see cref="WaitToWriteAsync"/> has completed. Neither is safe for concurrent callers, as a
/// <see cref="Stream"/> is not.</para>
/// </remarks>
public static class ConnectionFeatures
{
    /// <summary>The most bytes <see cref="TryWrite"/> and <see cref="WriteSomeAsync"/> take in one call: 64 KiB.</summary>
    public const int MaxWriteSize = 64 * 1024;

    private static readonly ConditionalWeakTable<IConnection, Attached> s_attached = [];

    extension(IConnection connection)
    {
        /// <summary>User data attached to this connection (Mnet's tags; Kestrel's <c>ConnectionContext.Items</c>): a
        /// thread-safe dictionary that lives as long as the connection object. Each connection has its own; a TLS
        /// connection's items are not its transport's.</summary>
        public IDictionary<object, object?> Items => Attach(connection).Items;

        /// <summary>Where the connection is in its life (m2stream's <c>GetState</c>): open, receive or send side
        /// closed, closed, or failed (then <c>connection.Failure</c> says why).</summary>
        /// <exception cref="NotSupportedException">The connection is not one of this library's (TCP, TLS, in-memory).</exception>
        public ConnectionState State => StatusOf(connection).State;

        /// <summary>Why the connection failed (the first failure, from either direction: a reset, a timeout, an
        /// abort), or <see langword="null"/> while it has not.</summary>
        /// <exception cref="NotSupportedException">The connection is not one of this library's (TCP, TLS, in-memory).</exception>
        public Exception? Failure => StatusOf(connection).Failure;
    }

    /// <summary>Takes what has arrived, without waiting (m2stream's <c>TryRead</c>).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="buffer">Where to copy the bytes.</param>
    /// <param name="bytesRead">How many bytes were copied: more than 0 for data, 0 at the end of the stream
    /// (the peer half-closed, or <see cref="ShutdownReceive"/> was called).</param>
    /// <returns><see langword="true"/> with data or the end; <see langword="false"/> when nothing has arrived
    /// ("would block": <see cref="WaitToReadAsync"/> waits for it). Bytes left over from a chunk larger than
    /// <paramref name="buffer"/> are kept for the next call: nothing is dropped.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The connection was reset (and the other failures the
    /// source reports, <see cref="IOException"/> for a TLS stream cut without close_notify).</exception>
    /// <exception cref="InvalidOperationException">The connection's source is being read by someone else.</exception>
    public static bool TryRead(this IConnection connection, Span<byte> buffer, out int bytesRead) =>
        Attach(connection).Reader(connection).TryRead(buffer, out bytesRead);

    /// <summary>Waits until <see cref="TryRead"/> has something to give.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels the wait only; nothing is lost.</param>
    /// <returns><see langword="true"/> when bytes are there; <see langword="false"/> when the stream ended.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The connection failed (as <see cref="TryRead"/>).</exception>
    public static ValueTask<bool> WaitToReadAsync(this IConnection connection, CancellationToken cancellationToken = default) =>
        Attach(connection).Reader(connection).WaitToReadAsync(cancellationToken);

    /// <summary>Stops reading (Mnet's <c>shutdown `read</c>): from now on whatever arrives is read and
    /// discarded, so the peer's writes keep going and are not reset by this side; only closing the connection
    /// later resets a peer that is still writing. Writing goes on. <see cref="TryRead"/> then reports the end, and
    /// <c>State</c> says <see cref="ConnectionState.ReceiveClosed"/>. Calling it again does nothing.</summary>
    /// <param name="connection">The connection. Its source is drained from now on: do not call it yourself.</param>
    /// <exception cref="InvalidOperationException">A call of the connection's source made by someone else is in flight.</exception>
    public static void ShutdownReceive(this IConnection connection) =>
        Attach(connection).Reader(connection).ShutdownReceive();

    /// <summary>Hands bytes to the transport without waiting (m2stream's <c>TryWrite</c>): up to
    /// <see cref="MaxWriteSize"/> of them are copied and accepted; call again with the rest.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="bytesWritten">How many bytes were accepted.</param>
    /// <returns><see langword="true"/> when bytes were accepted (all of an empty buffer, trivially);
    /// <see langword="false"/> when the previous write is still on its way ("would block":
    /// <see cref="WaitToWriteAsync"/> waits for it).</returns>
    /// <remarks>Accepted bytes are sent in the background when the transport cannot take them at once, as a
    /// kernel sends what it buffered; if that fails, the connection is reset and the failure is thrown by the
    /// next write or wait.</remarks>
    /// <exception cref="System.Net.Sockets.SocketException">An earlier write failed (the connection was reset).</exception>
    /// <exception cref="InvalidOperationException">The sink was completed or aborted.</exception>
    public static bool TryWrite(this IConnection connection, ReadOnlySpan<byte> buffer, out int bytesWritten) =>
        Attach(connection).Writer(connection).TryWrite(buffer, out bytesWritten);

    /// <summary>Waits until <see cref="TryWrite"/> can accept bytes again, and until every accepted byte was
    /// handed to the transport.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels the wait only; the write in flight goes on.</param>
    /// <exception cref="System.Net.Sockets.SocketException">The write in flight failed.</exception>
    public static ValueTask WaitToWriteAsync(this IConnection connection, CancellationToken cancellationToken = default) =>
        Attach(connection).Writer(connection).WaitToWriteAsync(cancellationToken);

    /// <summary>A partial write (m2stream's <c>WriteAsync</c>): sends the first bytes of
    /// <paramref name="buffer"/>, at most <see cref="MaxWriteSize"/>, and returns how many were accepted by the
    /// transport. Loop with the rest, or use <see cref="IConnection.Sink"/> to send everything at once.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="buffer">The bytes to send; not touched after the returned task completes.</param>
    /// <param name="cancellationToken">Cancels the write; a write cancelled halfway resets the connection, as
    /// the sink's are (<see cref="WriteWithoutInterruptionAsync"/> cannot be interrupted).</param>
    /// <returns>How many bytes were accepted: between 1 and <see cref="MaxWriteSize"/> (0 for an empty buffer).</returns>
    public static async ValueTask<int> WriteSomeAsync(this IConnection connection, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await connection.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        var part = buffer[..Math.Min(buffer.Length, MaxWriteSize)];
        if (!part.IsEmpty)
        {
            await connection.Sink.RunAsync(part, cancellationToken).ConfigureAwait(false);
        }

        return part.Length;
    }

    /// <summary>Sends all of <paramref name="buffer"/>, or fails (Mnet's <c>write_without_interruption</c>):
    /// once started, the write is never cut halfway by cancellation, so the byte stream stays whole and the
    /// connection usable. The token is observed only before the first byte goes out.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="buffer">The bytes; not touched after the returned task completes.</param>
    /// <param name="cancellationToken">Cancels waiting for an earlier <see cref="TryWrite"/>, and the write
    /// itself only while it has not started.</param>
    /// <exception cref="OperationCanceledException">Cancelled before the write started; nothing was sent.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The transport failed (a reset); the write timeout, when
    /// the transport has one, still applies.</exception>
    public static async ValueTask WriteWithoutInterruptionAsync(this IConnection connection, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await connection.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await connection.Sink.RunAsync(buffer, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>What TLS negotiated on this connection (protocol, cipher suite, ALPN, the peer's certificate),
    /// without a cast; <see langword="null"/> when the connection is not TLS.</summary>
    /// <param name="connection">The connection.</param>
    public static ITlsConnectionInfo? GetTlsInfo(this IConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection as ITlsConnectionInfo;
    }

    private static Attached Attach(IConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return s_attached.GetValue(connection, static _ => new Attached());
    }

    private static ConnectionStatus StatusOf(IConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection is IConnectionStatus tracked
            ? tracked.Status
            : throw new NotSupportedException(
                $"{connection.GetType().Name} does not report its state: State and Failure are known for the TCP, TLS and in-memory connections of Streamcaps.Net.");
    }

    /// <summary>What the extensions attach to one connection, made on first use.</summary>
    private sealed class Attached
    {
        private readonly Lock _sync = new();
        private ConcurrentDictionary<object, object?>? _items;
        private DirectReader? _reader;
        private DirectWriter? _writer;

        public IDictionary<object, object?> Items
        {
            get
            {
                lock (_sync)
                {
                    return _items ??= new ConcurrentDictionary<object, object?>();
                }
            }
        }

        public DirectReader Reader(IConnection connection)
        {
            lock (_sync)
            {
                return _reader ??= new DirectReader(connection.Source, (connection as IConnectionStatus)?.Status);
            }
        }

        public DirectWriter Writer(IConnection connection)
        {
            lock (_sync)
            {
                return _writer ??= new DirectWriter(connection.Sink);
            }
        }
    }
}
