using System.Buffers;
using System.Net.Sockets;

namespace Streamcaps.Net;

/// <summary>
/// Reads away what a peer still sends after this side finished with the connection. Closing a socket with
/// unread input makes the operating system reset the connection, and a reset can destroy the last bytes the
/// peer had not read yet; reading the input away first lets the close be a FIN. Both the connection's own
/// graceful close (bounded by <see cref="TcpConnectionOptions.LingerTimeout"/>) and a stopping server (bounded by
/// its deadline and a quiet gap) drain this way.
/// </summary>
internal static class InputDrain
{
    private const int BufferSize = 16 * 1024;

    /// <summary>Reads and drops input until the peer's FIN, a reset, the socket's release, cancellation, or a gap
    /// of <paramref name="quietTimeout"/> with nothing received (<see cref="Timeout.InfiniteTimeSpan"/>: no such
    /// limit). Never throws: each of those ends means there is nothing more to drain.</summary>
    public static async ValueTask ReadAwayAsync(Socket socket, TimeSpan quietTimeout, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            do
            {
                quiet.CancelAfter(quietTimeout);
            }
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, quiet.Token).ConfigureAwait(false) > 0);
        }
        catch (Exception failure) when (failure is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Out of time, reset, or the socket was released: close now.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
