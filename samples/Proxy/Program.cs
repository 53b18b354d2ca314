// A TCP proxy: each accepted connection is joined to a new connection to the upstream server, in both
// directions, with two flows (tokio's copy_bidirectional). A half-close travels through: when the client
// shuts down its sending side, the upstream sees FIN and can still answer; when the upstream ends, so does
// the client's side. A reset on either side resets the other.
// Usage: Proxy <listen-port> <upstream-host> <upstream-port> [idle-timeout-seconds]
//   e.g. `Proxy 8080 example.com 80`, then `curl -H 'Host: example.com' http://127.0.0.1:8080/`.
// Runs until Ctrl+C (SIGINT) or SIGTERM.
using System.Globalization;
using System.Net;
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Proxy <listen-port> <upstream-host> <upstream-port> [idle-timeout-seconds]");
    return 2;
}

var listenPort = int.Parse(args[0], CultureInfo.InvariantCulture);
var upstreamHost = args[1];
var upstreamPort = int.Parse(args[2], CultureInfo.InvariantCulture);
TimeSpan? idleTimeout = args.Length > 3 ? TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture)) : null;

await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, listenPort), async client =>
{
    await using var upstream = await Tcp.ConnectAsync(upstreamHost, upstreamPort);
    await JoinAsync(client, upstream, idleTimeout);
});

Console.WriteLine($"listening on {server.LocalEndPoint}, forwarding to {upstreamHost}:{upstreamPort}");

await ShutdownSignal.WaitAsync();
Console.WriteLine("stopping");
return 0;

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
