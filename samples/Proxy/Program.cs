// A TCP proxy: each accepted connection is joined to a new connection to the upstream server, in both
// directions, with two flows (tokio's copy_bidirectional). A half-close travels through: when the client
// shuts down its sending side, the upstream sees FIN and can still answer; when the upstream ends, so does
// the client's side. A reset on either side resets the other.
// Usage: Proxy <listen-port> <upstream-host> <upstream-port> [idle-timeout-seconds]
//   e.g. `Proxy 8080 example.com 80`, then `curl -H 'Host: example.com' http://127.0.0.1:8080/`.
// Ctrl+C (SIGINT) or SIGTERM stops it: no new connections, and the open ones run on until they end by
// themselves, for up to 30 s, after which both of their sides are reset. A proxy does not end a client's stream
// early on its own: the upstream would take the cut request for a complete one (EndSourcesOnStop = false).
using System.Globalization;
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

const string Usage = "usage: Proxy <listen-port> <upstream-host> <upstream-port> [idle-timeout-seconds]";
if (args.Length < 3)
{
    Console.Error.WriteLine(Usage);
    return SampleServer.UsageError;
}

if (!SampleServer.TryReadPort(args, 0, defaultPort: 0, out var listenPort) || !SampleServer.TryReadPort(args, 2, defaultPort: 0, out var upstreamPort))
{
    return SampleServer.UsageError;
}

var upstreamHost = args[1];
TimeSpan? idleTimeout = null;
if (args.Length > 3)
{
    if (!double.TryParse(args[3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
    {
        Console.Error.WriteLine($"Proxy: '{args[3]}' is not an idle timeout in seconds (more than 0).");
        return SampleServer.UsageError;
    }

    idleTimeout = TimeSpan.FromSeconds(seconds);
}

var options = new TcpServerOptions { EndSourcesOnStop = false };
return await SampleServer.RunAsync(listenPort, endPoint => Tcp.ListenAsync(endPoint, options, async client =>
{
    await using var upstream = await Tcp.ConnectAsync(upstreamHost, upstreamPort);
    await JoinAsync(client, upstream, idleTimeout);
}), $", forwarding to {upstreamHost}:{upstreamPort}");

// Two flows, one per direction. Each one ends its sink the way its source ended: a FIN becomes a FIN
// (half-close, the other direction goes on), a failure becomes a reset. When one direction fails, both
// connections are reset so the other direction cannot wait forever.
static async Task JoinAsync(IConnection client, IConnection upstream, TimeSpan? idleTimeout)
{
    var fromClient = idleTimeout is { } timeout ? client.Source.IdleTimeout(timeout) : client.Source;
    var fromUpstream = idleTimeout is { } limit ? upstream.Source.IdleTimeout(limit) : upstream.Source;
    var toUpstream = Flow.RunAsync(fromClient, upstream.Sink);
    var toClient = Flow.RunAsync(fromUpstream, client.Sink);

    var first = await Task.WhenAny(toUpstream, toClient);
    if (first.IsFaulted)
    {
        await client.DisposeAsync();
        await upstream.DisposeAsync();
    }

    try
    {
        await Task.WhenAll(toUpstream, toClient);
    }
    catch (Exception problem) when (problem is IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
    {
        Console.WriteLine($"connection {client.RemoteEndPoint} ended: {problem.GetType().Name}: {problem.Message}");
    }
}
