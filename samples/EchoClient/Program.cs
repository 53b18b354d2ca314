// The m2stream echo client: connect, send a message, half-close, print what comes back.
// Usage: EchoClient [host] [port] [message]   (defaults: localhost 9000 "hello, streamcaps")
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Streamcaps;
using Streamcaps.Net;

var host = args.Length > 0 ? args[0] : "localhost";
var port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9000;
var message = args.Length > 2 ? args[2] : "hello, streamcaps";

IConnection connection;
try
{
    connection = await Tcp.ConnectAsync(host, port);
}
catch (Exception failure) when (failure is SocketException or TimeoutException)
{
    // Refused, unknown host, unreachable, timed out: the exception's message says which.
    Console.Error.WriteLine($"could not connect to {host}:{port}: {failure.Message}");
    return 1;
}

await using var _ = connection;
Console.WriteLine($"connected to {connection.RemoteEndPoint}");

// Read and write at once: a large message would otherwise fill both socket buffers and stall. The echo goes
// straight to stdout as it arrives (Console.Out flushes itself, so the prefix is out before the bytes).
Console.Write("echo: ");
var printing = Flow.RunAsync(connection.Source, Sink.StandardOutput());
await connection.Sink.RunAsync(Encoding.UTF8.GetBytes(message));
await connection.Sink.CompleteAsync();   // FIN: the server's source completes, and so does its echo
await printing;
Console.WriteLine();
return 0;
