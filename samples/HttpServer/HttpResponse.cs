namespace HttpServer;

/// <summary>One response. <see cref="KeepAlive"/> false makes the server close the connection after it.</summary>
internal sealed record HttpResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body, bool KeepAlive)
{
    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    };
}
