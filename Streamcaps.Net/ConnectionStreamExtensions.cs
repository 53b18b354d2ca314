using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>Views a connection as a <see cref="Stream"/> (cl-async's "normal stream") or reads it like one.</summary>
public static class ConnectionStreamExtensions
{
    /// <summary>
    /// A <see cref="DuplexStream"/> over the connection: reads pull from <see cref="IConnection.Source"/>,
    /// writes deliver to <see cref="IConnection.Sink"/>.
    /// </summary>
    /// <param name="connection">The connection. The stream becomes the only user of its source and sink.</param>
    /// <param name="leaveOpen"><see langword="false"/> (the default): disposing the stream half-closes the
    /// connection and then disposes it. <see langword="true"/>: disposing the stream only half-closes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public static DuplexStream AsStream(this IConnection connection, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new DuplexStream(connection.Source, connection.Sink, leaveOpen ? null : connection);
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
