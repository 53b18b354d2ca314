namespace ChatServer;

/// <summary>The chat's limits and its slow-client policy.</summary>
internal sealed record ChatOptions
{
    /// <summary>The longest line a client may send, in bytes; a longer one disconnects that client.</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>How many lines may wait for one client. A client that falls this far behind misses the
    /// newest lines (they are dropped for it alone, and it is told how many); the others never wait for it.</summary>
    public int MaxQueuedLines { get; init; } = 256;

    /// <summary>How long a leaving client's queued lines may take to go out before its connection closes anyway.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
