// A line-based chat: every line a client sends goes to every client, as "[userN] line".
// Slow clients: each has a bounded queue (256 lines); one that falls further behind misses the newest lines
// and is told how many, and never slows the others. Lines over 4 KiB disconnect their sender.
// Usage: ChatServer [port] [maxQueuedLines]   (default 9100; 0 picks a free port). Try it: nc 127.0.0.1 9100
using System.Globalization;
using System.Net;
using ChatServer;
using Streamcaps.Net;
using Streamcaps.Samples;

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9100;
var options = args.Length > 1 ? new ChatOptions { MaxQueuedLines = int.Parse(args[1], CultureInfo.InvariantCulture) } : new ChatOptions();
using var room = new ChatRoom(options);
var serverOptions = new TcpServerOptions
{
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Exception.GetType().Name}: {failure.Exception.Message}"),
};

await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, port), serverOptions, room.ServeAsync);
Console.WriteLine($"listening on {server.LocalEndPoint}");

await ShutdownSignal.WaitAsync();
Console.WriteLine("stopping");
