// The one-line echo server of DESIGN.md: every connection's source flows into its own sink.
// Usage: EchoServer [port]   (default 9000; 0 picks a free port). Try it: `nc -N 127.0.0.1 9000 < file`.
// Runs until Ctrl+C (SIGINT) or SIGTERM, then closes the connections still open.
using System.Globalization;
using System.Net;
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9000;

await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, port),
    c => Flow.RunAsync(c.Source, c.Sink));

Console.WriteLine($"listening on {server.LocalEndPoint}");

await ShutdownSignal.WaitAsync();
Console.WriteLine("stopping");
