// Sends a file over TCP, gzip-compressed on the way, and receives it on the other side.
//   FileSend receive <port> <output-file>        listens (port 0 picks one), takes one file, writes it, exits
//   FileSend send <file|-> <host> <port>         sends the file ("-": standard input), waits for the receipt
// The sender's flow is file → gzip pump → TCP sink; completing the TCP sink half-closes the connection, which
// is the receiver's end of input. The receiver's flow is TCP source → gunzip pump → file sink; once the file
// is flushed it answers "ok <bytes>" so the sender knows the data is on disk, not just on the wire.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Streamcaps;
using Streamcaps.Net;

return args switch
{
    ["send", var file, var host, var port] when ReadPort(port) is { } to => await SendAsync(file, host, to),
    ["receive", var port, var output] when ReadPort(port) is { } on => await ReceiveAsync(on, output),
    _ => Usage(),
};

static int? ReadPort(string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort ? port : null;

static int Usage()
{
    Console.Error.WriteLine("usage: FileSend receive <port> <output-file>");
    Console.Error.WriteLine("       FileSend send <file|-> <host> <port>");
    return 2;
}

static async Task<int> SendAsync(string file, string host, int port)
{
    await using var connection = await Tcp.ConnectAsync(host, port);
    var receipt = Sink.CollectString(Encoding.ASCII, maxLength: 1024);
    var awaitingReceipt = Flow.RunAsync(connection.Source, receipt);

    var input = file == "-" ? Source.StandardInput() : Source.FromFile(file);
    await Flow.RunAsync(input.Through(Pump.GzipCompress()), connection.Sink);
    await awaitingReceipt;

    var answer = (await receipt.Result).Trim();
    Console.WriteLine($"receiver: {answer}");
    return answer.StartsWith("ok ", StringComparison.Ordinal) ? 0 : 1;
}

static async Task<int> ReceiveAsync(int port, string output)
{
    var received = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    Server server;
    try
    {
        server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, port), ReceiveOneAsync);
    }
    catch (SocketException failure)
    {
        Console.Error.WriteLine($"FileSend: cannot listen on 127.0.0.1:{port}: {failure.Message}");
        return 1;
    }

    await using var _ = server;
    Console.WriteLine($"listening on {server.LocalEndPoint}");

    try
    {
        var bytes = await received.Task;
        Console.WriteLine($"received {bytes} bytes into {output}");
        return 0;
    }
    catch (Exception problem) when (problem is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"receive failed: {problem.GetType().Name}: {problem.Message}");
        return 1;
    }
    finally
    {
        // Gracefully: the receipt is on its way to the sender, and disposing alone would reset the connection.
        await server.StopAsync();
    }

    async Task ReceiveOneAsync(IConnection connection)
    {
        long written = 0;
        var counting = Pump.Map<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(chunk =>
        {
            written += chunk.Length;
            return chunk;
        });
        try
        {
            await Flow.RunAsync(connection.Source.Through(Pump.GzipDecompress()).Through(counting), Sink.ToFile(output));
        }
        catch (Exception problem) when (problem is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([Encoding.ASCII.GetBytes($"error {problem.Message}\n")]), connection.Sink);
            received.TrySetException(problem);
            return;
        }

        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([Encoding.ASCII.GetBytes($"ok {written}\n")]), connection.Sink);
        received.TrySetResult(written);
    }
}
