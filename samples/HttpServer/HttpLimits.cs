namespace HttpServer;

/// <summary>The limits that keep one client from taking the server's memory or time.</summary>
internal sealed record HttpLimits
{
    /// <summary>The request line and headers together, in bytes; over it the answer is 431.</summary>
    public int MaxHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>A Content-Length body, in bytes; over it the answer is 413.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a connection may stay silent. Between requests the server then closes it (FIN); in the
    /// middle of one it answers 408.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request head may take from its first byte to its blank line, however steadily its bytes
    /// trickle in (a slowloris restarts <see cref="IdleTimeout"/> with every byte); over it the answer is 408.
    /// Checked as bytes arrive; a client that goes silent meets <see cref="IdleTimeout"/>.</summary>
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the server keeps reading (and discarding) after it refused a request, so the
    /// client receives the refusal before the connection closes.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
