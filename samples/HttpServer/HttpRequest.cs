namespace HttpServer;

/// <summary>One parsed request. It owns its strings and body (nothing in it is lent).</summary>
internal sealed record HttpRequest(
    string Method,
    string Target,
    bool IsHttp11,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    /// <summary>Whether the client wants the connection kept for another request: HTTP/1.1 unless it sent
    /// <c>Connection: close</c>, HTTP/1.0 only with <c>Connection: keep-alive</c>.</summary>
    public bool KeepAlive
    {
        get
        {
            var connection = Header("Connection");
            return IsHttp11
                ? !string.Equals(connection, "close", StringComparison.OrdinalIgnoreCase)
                : string.Equals(connection, "keep-alive", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The first value of the named header, or null.</summary>
    public string? Header(string name)
    {
        // Indexed rather than foreach: enumerating an IReadOnlyList boxes its enumerator, on every request.
        for (var i = 0; i < Headers.Count; i++)
        {
            if (string.Equals(Headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return Headers[i].Value;
            }
        }

        return null;
    }
}
