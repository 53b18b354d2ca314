namespace Streamcaps.Cli.Relaying;

/// <summary>What went through a relay, for the progress line and the idle timeout: bytes each way and when
/// anything last moved. Updated from both directions' flows at once.</summary>
internal sealed class Traffic
{
    private long _forward;
    private long _backward;
    private long _lastActivity = Environment.TickCount64;

    /// <summary>Bytes read from the first address (on their way to the second).</summary>
    public long Forward => Interlocked.Read(ref _forward);

    /// <summary>Bytes read from the second address (on their way to the first).</summary>
    public long Backward => Interlocked.Read(ref _backward);

    /// <summary>Milliseconds since anything moved either way.</summary>
    public long IdleMilliseconds => Environment.TickCount64 - Volatile.Read(ref _lastActivity);

    public void Count(bool forward, int bytes)
    {
        Interlocked.Add(ref forward ? ref _forward : ref _backward, bytes);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
    }
}
