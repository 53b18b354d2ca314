// A minimal HTTP/1.1 server whose parsing and response writing are pumps:
//   socket bytes -> HttpRequestDecoder -> Routes.Handle -> HttpResponseEncoder -> socket bytes.
// Request line, headers (limit: 8 KiB -> 431), Content-Length bodies (limit: 1 MiB -> 413), keep-alive,
// malformed requests -> 400 and close, a request head slower than 10 s -> 408, an idle connection (30 s) -> FIN.
// Usage: HttpServer [port] [--header-timeout seconds] [--idle-timeout seconds]  (default 8080; 0 picks a free port).
// Ctrl+C or SIGTERM stops it gracefully: requests already received are answered, then each connection closes
// with a FIN; idle keep-alive connections close at once. Exit code 0.
// Try it: curl -v http://127.0.0.1:8080/   curl --data-binary @file http://127.0.0.1:8080/echo
using System.Globalization;
using HttpServer;
using Streamcaps.Net;
using Streamcaps.Samples;

if (!SampleServer.TryReadPort(args, 0, defaultPort: 8080, out var port))
{
    return SampleServer.UsageError;
}

var limits = new HttpLimits();
for (var i = 1; i < args.Length; i += 2)
{
    var seconds = i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
        ? TimeSpan.FromSeconds(value)
        : (TimeSpan?)null;
    limits = (args[i], seconds) switch
    {
        ("--header-timeout", { } timeout) => limits with { HeaderTimeout = timeout },
        ("--idle-timeout", { } timeout) => limits with { IdleTimeout = timeout },
        _ => null!,
    };
    if (limits is null)
    {
        Console.Error.WriteLine($"HttpServer: expected --header-timeout or --idle-timeout with a number of seconds, got '{string.Join(' ', args[i..])}'.");
        return SampleServer.UsageError;
    }
}

var options = new TcpServerOptions
{
    Connection = new TcpConnectionOptions { IdleReadTimeout = limits.IdleTimeout },
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Exception.GetType().Name}: {failure.Exception.Message}"),
};

return await SampleServer.RunAsync(port, endPoint => Tcp.ListenAsync(endPoint, options, c => HttpConnection.ServeAsync(c, limits)));
