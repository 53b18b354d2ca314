namespace HttpServer;

/// <summary>
/// The client sent a request the server cannot take: malformed (400), headers too large (431), body too
/// large (413), a feature this server lacks (501), another HTTP version (505). The connection answers with
/// <see cref="StatusCode"/> and closes; the server goes on.
/// </summary>
internal sealed class BadHttpRequestException : IOException
{
    public BadHttpRequestException()
        : this(400, "Malformed request.")
    {
    }

    public BadHttpRequestException(string message)
        : this(400, message)
    {
    }

    public BadHttpRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    public BadHttpRequestException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The status the server answers with.</summary>
    public int StatusCode { get; }
}
