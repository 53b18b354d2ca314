using System.Text;

namespace HttpServer;

/// <summary>The application: what each request gets back.</summary>
internal static class Routes
{
    private static readonly ReadOnlyMemory<byte> Hello = "Hello, World!"u8.ToArray();

    // A response is immutable, so the fixed ones are made once rather than for every request.
    private static readonly HttpResponse HelloKeepAlive = new(200, "text/plain", Hello, KeepAlive: true);
    private static readonly HttpResponse HelloClose = HelloKeepAlive with { KeepAlive = false };

    /// <summary><c>GET /</c> greets; <c>POST /echo</c> returns the body; anything else is 404 or 405.</summary>
    public static HttpResponse Handle(HttpRequest request) => (request.Method, request.Target) switch
    {
        ("GET", "/") => request.KeepAlive ? HelloKeepAlive : HelloClose,
        ("POST", "/echo") => new HttpResponse(200, "application/octet-stream", request.Body, request.KeepAlive),
        (_, "/" or "/echo") => Error(405, $"{request.Method} is not allowed here.", request.KeepAlive),
        _ => Error(404, $"Nothing at {request.Target}.", request.KeepAlive),
    };

    /// <summary>An error response whose body says why.</summary>
    public static HttpResponse Error(int statusCode, string reason, bool keepAlive = false) =>
        new(statusCode, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(reason + "\n"), keepAlive);
}
