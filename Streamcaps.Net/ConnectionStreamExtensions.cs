using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>Views a connection as a <see cref="Stream"/> (cl-async's "normal stream") or reads it like one.</summary>
public static class ConnectionStreamExtensions
{
    /// <summary>
    /// A <see cref="DuplexStream"/> over the connection: reads pull from <see cref="IConnection.Source"/>,
    /// writes deliver to <see cref="IConnection.Sink"/>. It keeps the <see cref="Stream"/> contract as
    /// <c>NetworkStream</c> does (see <see cref="DuplexStream"/> for cancellation, timeouts and errors).
    /// </summary>
    /// <param name="connection">The connection. The stream becomes the only user of its source and sink.</param>
    /// <param name="leaveOpen"><see langword="false"/> (the default): disposing the stream half-closes the
    /// connection (FIN; TLS: close_notify, then FIN) within <see cref="DuplexStream.CloseTimeout"/> and then
    /// disposes it. <see langword="true"/>: disposing the stream only half-closes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public static DuplexStream AsStream(this IConnection connection, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new DuplexStream(connection.Source, connection.Sink, leaveOpen ? null : connection);
    }

    /// <summary>
    /// A read-only <see cref="Stream"/> over the connection's <see cref="IConnection.Source"/> (cl-async's
    /// input stream): <see cref="Stream.CanWrite"/> is false and writing throws
    /// <see cref="NotSupportedException"/>. The connection's sink stays free for the caller, or for
    /// <see cref="AsWriteStream"/> on another thread.
    /// </summary>
    /// <param name="connection">The connection. The stream becomes the only user of its source.</param>
    /// <returns>A stream whose disposal only stops reading (a chunk it still holds goes back to the source):
    /// it neither closes nor disposes the connection, which stays the caller's to dispose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public static DuplexStream AsReadStream(this IConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return DuplexStream.ReadOnly(connection.Source, owner: null);
    }

    /// <summary>
    /// A write-only <see cref="Stream"/> over the connection's <see cref="IConnection.Sink"/> (cl-async's
    /// output stream): <see cref="Stream.CanRead"/> is false and reading throws
    /// <see cref="NotSupportedException"/>. The connection's source stays free for the caller, or for
    /// <see cref="AsReadStream"/> on another thread.
    /// </summary>
    /// <param name="connection">The connection. The stream becomes the only user of its sink.</param>
    /// <returns>A stream whose disposal half-closes the connection (FIN; TLS: close_notify, then FIN) within
    /// <see cref="DuplexStream.CloseTimeout"/>, while reading goes on; it does not dispose the connection,
    /// which stays the caller's to dispose.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public static DuplexStream AsWriteStream(this IConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return DuplexStream.WriteOnly(connection.Sink, owner: null);
    }

    /// <summary>A <see cref="SourceReader"/> over the connection's source, for exact reads
    /// (<see cref="SourceReader.ReadExactlyAsync(int, CancellationToken)"/>). The reader becomes the only
    /// user of the source; the sink stays free for the caller.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public static SourceReader CreateReader(this IConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new SourceReader(connection.Source);
    }
}
