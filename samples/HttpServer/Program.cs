// A minimal HTTP/1.1 server whose parsing and response writing are pumps:
//   socket bytes -> HttpRequestDecoder -> Routes.Handle -> HttpResponseEncoder -> socket bytes.
// Request line, headers (limit: 8 KiB -> 431), Content-Length bodies (limit: 1 MiB -> 413), keep-alive,
// malformed requests -> 400 and close. Usage: HttpServer [port]  (default 8080; 0 picks a free port).
// Ctrl+C or SIGTERM stops it gracefully: requests already received are answered, then each connection closes
// with a FIN; idle keep-alive connections close at once. Exit code 0.
// Try it: curl -v http://127.0.0.1:8080/   curl --data-binary @file http://127.0.0.1:8080/echo
using HttpServer;
using Streamcaps.Net;
using Streamcaps.Samples;

if (!SampleServer.TryReadPort(args, 0, defaultPort: 8080, out var port))
{
    return SampleServer.UsageError;
}

var limits = new HttpLimits();
var options = new TcpServerOptions
{
    Connection = new TcpConnectionOptions { IdleReadTimeout = limits.IdleTimeout },
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Exception.GetType().Name}: {failure.Exception.Message}"),
};

return await SampleServer.RunAsync(port, endPoint => Tcp.ListenAsync(endPoint, options, c => HttpConnection.ServeAsync(c, limits)));
