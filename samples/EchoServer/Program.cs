// The one-line echo server of DESIGN.md: every connection's source flows into its own sink.
// Usage: EchoServer [port]   (default 9000; 0 picks a free port). Try it: `nc -N 127.0.0.1 9000 < file`.
// Ctrl+C (SIGINT) or SIGTERM stops it gracefully: no new connections, each open one ends at a chunk boundary
// with every byte it echoed followed by a FIN, within 30 s; then it exits with 0. A bad port: 2; a busy one: 1.
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

if (!SampleServer.TryReadPort(args, 0, defaultPort: 9000, out var port))
{
    return SampleServer.UsageError;
}

return await SampleServer.RunAsync(port, endPoint => Tcp.ListenAsync(endPoint, c => Flow.RunAsync(c.Source, c.Sink)));
