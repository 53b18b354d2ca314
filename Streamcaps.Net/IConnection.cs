using System.Net;

namespace Streamcaps.Net;

/// <summary>
/// A two-way byte connection (TCP, TLS, or anything shaped like them) seen as a source/sink pair:
/// an echo server is <c>Flow.RunAsync(connection.Source, connection.Sink)</c>.
/// </summary>
/// <remarks>
/// <para><see cref="Source"/> delivers bytes as they arrive, lending each chunk only until its delivery
/// completes, and completes when the peer half-closes (TCP FIN, TLS close_notify). It aborts with the
/// transport's own exception when the connection fails (<see cref="System.Net.Sockets.SocketException"/>,
/// <see cref="System.IO.IOException"/>, <see cref="TimeoutException"/>).</para>
/// <para><see cref="Sink"/>'s delivery completes when every byte of the chunk was accepted by the transport.
/// Its <see cref="ISink{T}.CompleteAsync"/> half-closes (reading goes on); its
/// <see cref="ISink{T}.AbortAsync"/> resets the connection.</para>
/// <para>The connection is released when both directions are finished, or on <see cref="IAsyncDisposable.DisposeAsync"/>,
/// which is always safe to call and may be called more than once.</para>
/// </remarks>
public interface IConnection : IAsyncDisposable
{
    /// <summary>The bytes the peer sends. Each chunk is lent until its delivery completes.</summary>
    ISource<ReadOnlyMemory<byte>> Source { get; }

    /// <summary>The bytes sent to the peer. Completing it half-closes; aborting it resets.</summary>
    ISink<ReadOnlyMemory<byte>> Sink { get; }

    /// <summary>This end's address.</summary>
    EndPoint LocalEndPoint { get; }

    /// <summary>The peer's address.</summary>
    EndPoint RemoteEndPoint { get; }
}
