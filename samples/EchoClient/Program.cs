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

// Read and write at once: a large message would otherwise fill both socket buffers and stall.
var echo = new Utf8Printer();
var reading = Flow.RunAsync(connection.Source, echo);
await connection.Sink.RunAsync(Encoding.UTF8.GetBytes(message));
await connection.Sink.CompleteAsync();   // FIN: the server's source completes, and so does its echo
await reading;

Console.WriteLine($"echo: {echo.Text}");
return 0;

/// <summary>Collects what the server sends as UTF-8 text; copies each chunk, which is only lent.</summary>
internal sealed class Utf8Printer : ISink<ReadOnlyMemory<byte>>
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
    {
        var chars = new char[_decoder.GetCharCount(item.Span, flush: false)];
        _decoder.GetChars(item.Span, chars, flush: false);
        _text.Append(chars);
        return default;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => default;

    public ValueTask AbortAsync(Exception problem) => default;
}
