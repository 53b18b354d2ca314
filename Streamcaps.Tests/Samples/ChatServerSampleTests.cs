using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>The ChatServer sample, run as a process, with several real socket clients.</summary>
public class ChatServerSampleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<(SampleProcess Process, int Port)> StartAsync(int maxQueuedLines = 256)
    {
        var process = SampleProcess.Start("ChatServer", "0", maxQueuedLines.ToString(CultureInfo.InvariantCulture));
        return (process, (await process.WaitForListeningAsync()).Port);
    }

    [Fact]
    public async Task Every_line_goes_to_every_client()
    {
        var (process, port) = await StartAsync();
        await using var _ = process;
        await using var clients = await ChatClients.ConnectAsync(port, 3);

        await clients[1].SendAsync("héllo, everyone");

        foreach (var client in clients)
        {
            var line = await client.ReadLineAsync(static l => l.StartsWith('['));
            Assert.Matches(@"^\[user\d+\] héllo, everyone$", line);
        }
    }

    [Fact]
    public async Task A_client_that_does_not_read_misses_lines_but_never_stalls_the_others()
    {
        // 8 MB in all: more than the kernel buffers between the server and a client that does not read.
        const int Lines = 2_000;
        var (process, port) = await StartAsync(maxQueuedLines: 8);
        await using var _ = process;
        await using var clients = await ChatClients.ConnectAsync(port, 2, smallReceiveBuffer: true);
        var (fast, slow) = (clients[0], clients[1]);
        var text = new string('x', 4000);

        // The fast client gets every line back while the slow one reads nothing at all.
        for (var i = 0; i < Lines; i++)
        {
            await fast.SendAsync(text);
            Assert.EndsWith(text, await fast.ReadLineAsync(), StringComparison.Ordinal);
        }

        var notice = await slow.ReadLineAsync(static l => l.StartsWith("* you missed ", StringComparison.Ordinal));
        Assert.Matches(@"^\* you missed \d+ lines", notice);
    }

    [Fact]
    public async Task A_line_over_the_limit_disconnects_its_sender_and_the_chat_goes_on()
    {
        var (process, port) = await StartAsync();
        await using var _ = process;
        await using var clients = await ChatClients.ConnectAsync(port, 2);
        var (offender, other) = (clients[0], clients[1]);

        await offender.SendAsync(new string('x', 5000));
        await offender.ReadToEndAsync();
        await other.ReadLineAsync(static l => l.EndsWith(" left", StringComparison.Ordinal));
        await other.SendAsync("still here");

        Assert.EndsWith("] still here", await other.ReadLineAsync(static l => l.StartsWith('[')), StringComparison.Ordinal);
    }

    /// <summary>Connected clients, all in the room and caught up, so a test starts from silence.</summary>
    private sealed class ChatClients : List<ChatClient>, IAsyncDisposable
    {
        public static async Task<ChatClients> ConnectAsync(int port, int count, bool smallReceiveBuffer = false)
        {
            var clients = new ChatClients();
            var lastJoin = "";
            for (var i = 0; i < count; i++)
            {
                var client = await ChatClient.ConnectAsync(port, smallReceiveBuffer && i > 0);
                clients.Add(client);

                // A client receives lines only once it is in the room, and the room announces each join to all
                // members, the newcomer included: its first line is its own join, as nobody else speaks now.
                lastJoin = await client.ReadLineAsync();
            }

            foreach (var client in clients.SkipLast(1))
            {
                await client.ReadLineAsync(l => l == lastJoin);
            }

            return clients;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in this)
            {
                await client.DisposeAsync();
            }
        }
    }

    private sealed class ChatClient : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly StreamReader _reader;

        private ChatClient(Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
            _reader = new StreamReader(_stream, Encoding.UTF8);
        }

        public static async Task<ChatClient> ConnectAsync(int port, bool smallReceiveBuffer)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            if (smallReceiveBuffer)
            {
                // Little kernel buffering, so a client that does not read falls behind quickly.
                socket.ReceiveBufferSize = 4096;
            }

            await socket.ConnectAsync("127.0.0.1", port).WaitAsync(Patience);
            return new ChatClient(socket);
        }

        public async Task SendAsync(string line) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n")).AsTask().WaitAsync(Patience);

        public async Task<string> ReadLineAsync(Func<string, bool>? match = null)
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync().WaitAsync(Patience)
                    ?? throw new EndOfStreamException("The chat server closed the connection.");
                if (match is null || match(line))
                {
                    return line;
                }
            }
        }

        /// <summary>Reads until the server closes the connection (FIN or reset).</summary>
        public async Task ReadToEndAsync()
        {
            try
            {
                while (await _reader.ReadLineAsync().WaitAsync(Patience) is not null)
                {
                }
            }
            catch (IOException)
            {
                // A reset is a close too.
            }
        }

        public async ValueTask DisposeAsync()
        {
            _reader.Dispose();
            await _stream.DisposeAsync();
            _socket.Dispose();
        }
    }
}
