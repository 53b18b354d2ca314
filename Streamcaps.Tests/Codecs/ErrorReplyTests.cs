using System.Net;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Framing;
using Streamcaps.Net;
using Streamcaps.Net.Codecs;

namespace Streamcaps.Tests.Codecs;

/// <summary>
/// A line server that meets a line over its limit (README's "30 seconds" server, over real TCP): with
/// <c>Recover</c> every echo produced before the bad line reaches the client, then an error reply, then a FIN;
/// without it the failure is honest (a reset), never a clean end.
/// </summary>
public class ErrorReplyTests
{
    private const int Lines = 2_000;
    private const int MaxLineLength = 4096;

    // Long lines, so the echoes (2 MB) outrun the socket buffers: at the failure, replies are still queued on
    // the server's side, which a reset would throw away.
    private static readonly string Padding = new('.', 1000);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_recovered_decoder_failure_delivers_every_earlier_reply_then_the_error_reply_then_a_FIN()
    {
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), connection =>
        {
            var lines = connection.WithCodec(Codec.Utf8Lines(MaxLineLength));
            return Flow.RunAsync(
                lines.Source
                    .Through(Pump.Map<string, string>(static line => line.ToUpperInvariant()))
                    .Recover((FrameTooLongException e) => $"ERR line too long (limit {e.MaxFrameLength} bytes)"),
                lines.Sink);
        });

        var (reply, failure) = await SendLinesThenAnOverLongOneAsync(server);

        Assert.Null(failure); // the connection ended with a FIN, not a reset
        var replies = reply.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, Lines).Select(static i => $"LINE {i} {Padding}").Append($"ERR line too long (limit {MaxLineLength} bytes)"), replies);
    }

    [Fact]
    public async Task An_unrecovered_decoder_failure_resets_the_connection_and_is_never_a_clean_end()
    {
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), connection =>
        {
            var lines = connection.WithCodec(Codec.Utf8Lines(MaxLineLength));
            return Flow.RunAsync(lines.Source.Through(Pump.Map<string, string>(static line => line.ToUpperInvariant())), lines.Sink);
        });

        var (_, failure) = await SendLinesThenAnOverLongOneAsync(server);

        var reset = Assert.IsType<SocketException>(failure);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    /// <summary>Sends the lines, then a line one byte over the limit (the last bytes sent, so the server has read
    /// everything when it fails and its close is not a reset for unread data), half-closes and reads to the end.</summary>
    private static async Task<(string Reply, Exception? Failure)> SendLinesThenAnOverLongOneAsync(Server server)
    {
        await using var client = await Tcp.ConnectAsync("127.0.0.1", ((IPEndPoint)server.LocalEndPoint).Port).WaitAsync(Patience);
        var received = new StringBuilder();
        var reading = Flow.RunAsync(client.Source, Sink.ForEach<ReadOnlyMemory<byte>>(chunk => received.Append(Encoding.UTF8.GetString(chunk.Span))));

        var request = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            request.Append("line ").Append(i).Append(' ').Append(Padding).Append('\n');
        }

        request.Append('x', MaxLineLength + 1);
        await client.Sink.RunAsync(Encoding.UTF8.GetBytes(request.ToString())).AsTask().WaitAsync(Patience);
        await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);

        var failure = await Record.ExceptionAsync(() => reading.WaitAsync(Patience));
        return (received.ToString(), failure);
    }
}
