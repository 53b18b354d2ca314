// A line-based chat: every line a client sends goes to every client, as "[userN] line".
// Slow clients: each has a bounded queue (256 lines); one that falls further behind misses the newest lines
// and is told how many, and never slows the others. Lines over 4 KiB disconnect their sender.
// Usage: ChatServer [port] [maxQueuedLines]   (default 9100; 0 picks a free port). Try it: nc 127.0.0.1 9100
// Ctrl+C or SIGTERM stops it gracefully (each client gets the lines queued for it, then a FIN) and exits with 0.
using System.Globalization;
using ChatServer;
using Streamcaps.Net;
using Streamcaps.Samples;

if (!SampleServer.TryReadPort(args, 0, defaultPort: 9100, out var port))
{
    return SampleServer.UsageError;
}

var options = new ChatOptions();
if (args.Length > 1)
{
    if (!int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var maxQueuedLines) || maxQueuedLines < 1)
    {
        Console.Error.WriteLine($"ChatServer: '{args[1]}' is not a number of lines (1 or more).");
        return SampleServer.UsageError;
    }

    options = new ChatOptions { MaxQueuedLines = maxQueuedLines };
}

using var room = new ChatRoom(options);
var serverOptions = new TcpServerOptions
{
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Exception.GetType().Name}: {failure.Exception.Message}"),
};

return await SampleServer.RunAsync(port, endPoint => Tcp.ListenAsync(endPoint, serverOptions, room.ServeAsync));
