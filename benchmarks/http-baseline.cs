#:property PublishAot=false
// The baseline for the HttpServer sample under wrk: a hand-written Socket loop serving the same endpoint
// (GET / -> "Hello, World!", keep-alive, byte-identical response), with no Streamcaps in it.
// It parses only what wrk sends (GET requests without bodies): it is a yardstick, not a server.
// Run: dotnet run -c Release benchmarks/http-baseline.cs -- PORT   (benchmarks/http-wrk.sh runs it)
using System.Globalization;
using System.Net;
using System.Net.Sockets;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
listener.Listen(512);
Console.WriteLine($"listening on {listener.LocalEndPoint}");

var response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!"u8.ToArray();
while (true)
{
    var connection = await listener.AcceptAsync();
    connection.NoDelay = true;
    _ = Task.Run(() => ServeAsync(connection, response));
}

static async Task ServeAsync(Socket connection, byte[] response)
{
    using var _ = connection;
    var buffer = new byte[8192];
    var held = 0;
    try
    {
        while (true)
        {
            var count = await connection.ReceiveAsync(buffer.AsMemory(held));
            if (count == 0)
            {
                return;
            }

            held += count;
            var start = 0;
            int end;
            while ((end = buffer.AsSpan(start, held - start).IndexOf("\r\n\r\n"u8)) >= 0)
            {
                await connection.SendAsync(response);
                start += end + 4;
            }

            buffer.AsSpan(start, held - start).CopyTo(buffer);
            held -= start;
            if (held == buffer.Length)
            {
                return;
            }
        }
    }
    catch (SocketException)
    {
        // The client went away.
    }
}
