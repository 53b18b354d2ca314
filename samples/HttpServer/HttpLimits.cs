namespace HttpServer;

/// <summary>The limits that keep one client from taking the server's memory or time.</summary>
internal sealed record HttpLimits
{
    /// <summary>The request line and headers together, in bytes; over it the answer is 431.</summary>
    public int MaxHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>A Content-Length body, in bytes; over it the answer is 413.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a connection may stay silent while the server waits for the next request.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server keeps reading (and discarding) after it refused a request, so the
    /// client receives the refusal before the connection closes.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
