namespace Streamcaps.Net;

/// <summary>Records how each direction of a connection ended, for <see cref="ConnectionFeatures"/>'s
/// <c>State</c> and <c>Failure</c>. Thread-safe: the source, the sink and a dispose report from any thread.</summary>
/// <remarks>The first failure sticks. A failure reported after the connection was disposed is the dispose's own
/// doing (a read cut short by closing the socket) and is not recorded.</remarks>
internal sealed class ConnectionStatus
{
    private const int ReceiveEnded = 1;
    private const int SendEnded = 2;
    private const int Disposed = 4;

    private int _ends;
    private Exception? _failure;

    public ConnectionState State
    {
        get
        {
            if (Volatile.Read(ref _failure) is not null)
            {
                return ConnectionState.Failed;
            }

            var ends = Volatile.Read(ref _ends);
            return (ends & Disposed) != 0 || ends == (ReceiveEnded | SendEnded) ? ConnectionState.Closed
                : (ends & SendEnded) != 0 ? ConnectionState.SendClosed
                : (ends & ReceiveEnded) != 0 ? ConnectionState.ReceiveClosed
                : ConnectionState.Open;
        }
    }

    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>The receiving direction ended: cleanly when <paramref name="problem"/> is null.</summary>
    public void EndReceive(Exception? problem) => End(ReceiveEnded, problem);

    /// <summary>The sending direction ended: cleanly when <paramref name="problem"/> is null.</summary>
    public void EndSend(Exception? problem) => End(SendEnded, problem);

    /// <summary>Both directions ended with <paramref name="problem"/> (a reset).</summary>
    public void Reset(Exception problem) => End(ReceiveEnded | SendEnded, problem);

    public void Dispose() => Interlocked.Or(ref _ends, Disposed);

    private void End(int directions, Exception? problem)
    {
        if (problem is not null && (Volatile.Read(ref _ends) & Disposed) == 0)
        {
            Interlocked.CompareExchange(ref _failure, problem, null);
        }

        Interlocked.Or(ref _ends, directions);
    }
}
