// A minimal HTTP/1.1 server whose parsing and response writing are pumps:
//   socket bytes -> HttpRequestDecoder -> Routes.Handle -> HttpResponseEncoder -> socket bytes.
// Request line, headers (limit: 8 KiB -> 431), Content-Length bodies (limit: 1 MiB -> 413), keep-alive,
// malformed requests -> 400 and close. Usage: HttpServer [port]  (default 8080; 0 picks a free port).
// Try it: curl -v http://127.0.0.1:8080/   curl --data-binary @file http://127.0.0.1:8080/echo
using System.Globalization;
using System.Net;
using HttpServer;
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8080;
var limits = new HttpLimits();
var options = new TcpServerOptions
{
    Connection = new TcpConnectionOptions { IdleReadTimeout = limits.IdleTimeout },
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Exception.GetType().Name}: {failure.Exception.Message}"),
};

await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, port), options, c => HttpConnection.ServeAsync(c, limits));
Console.WriteLine($"listening on {server.LocalEndPoint}");

await ShutdownSignal.WaitAsync();
Console.WriteLine("stopping");
