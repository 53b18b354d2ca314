using System.Net;
using Streamcaps.Framing;
using Streamcaps.Net;
using Streamcaps.Net.Codecs;
using Streamcaps.Net.Memory;

namespace Streamcaps.Tests.Codecs;

public class CodecTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_line_codec_turns_a_tcp_connection_into_a_connection_of_strings()
    {
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), connection =>
        {
            var lines = connection.WithCodec(Codec.Utf8Lines(100));
            return Flow.RunAsync(lines.Source.Through(Pump.Map<string, string>(static line => line.ToUpperInvariant())), lines.Sink);
        });
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        await using var client = (await Tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Patience)).WithCodec(Codec.Utf8Lines(100));
        var replies = Sink.ToList<string>();

        var receiving = Flow.RunAsync(client.Source, replies);
        await Flow.RunAsync(Source.From(["héllo", "", "wörld"]), client.Sink).WaitAsync(Patience);
        await receiving.WaitAsync(Patience);

        Assert.Equal(["HÉLLO", "", "WÖRLD"], await replies.Result);
    }

    [Fact]
    public async Task Malformed_bytes_from_the_peer_fail_the_message_source_with_the_framing_error()
    {
        var (local, peer) = MemoryConnection.CreatePair();
        var lines = local.WithCodec(Codec.Utf8Lines(4));

        var receiving = Flow.RunAsync(lines.Source, Sink.ToList<string>());
        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>(["ok\nmuch too long\n"u8.ToArray()]), peer.Sink).WaitAsync(Patience);

        var problem = await Assert.ThrowsAsync<FrameTooLongException>(() => receiving.WaitAsync(Patience));
        Assert.Equal(4, problem.MaxFrameLength);
    }

    [Fact]
    public async Task A_length_prefixed_codec_carries_binary_frames_both_ways()
    {
        var codec = Codec.LengthPrefixed(new LengthPrefixOptions(1024) { LengthFieldSize = 2 });
        var (a, b) = MemoryConnection.CreatePair();
        var sender = a.WithCodec(codec);
        var receiver = b.WithCodec(codec);
        var received = new List<byte[]>();

        var receiving = Flow.RunAsync(receiver.Source, Sink.ForEach<ReadOnlyMemory<byte>>(frame => received.Add(frame.ToArray())));
        await Flow.RunAsync(Source.From<ReadOnlyMemory<byte>>([new byte[] { 1, 2, 3 }, Array.Empty<byte>(), new byte[700]]), sender.Sink).WaitAsync(Patience);
        await receiving.WaitAsync(Patience);

        Assert.Equal([[1, 2, 3], [], new byte[700]], received);
    }

    [Fact]
    public async Task Sending_a_message_the_codec_cannot_encode_fails_the_send_with_a_named_error()
    {
        var (a, _) = MemoryConnection.CreatePair();
        var lines = a.WithCodec(Codec.Utf8Lines(3));

        var problem = await Assert.ThrowsAsync<OutgoingFrameTooLongException>(() => Flow.RunAsync(Source.From(["much too long"]), lines.Sink).WaitAsync(Patience));
        Assert.Equal(3, problem.MaxFrameLength);
    }

    [Fact]
    public async Task Line_limits_are_per_direction()
    {
        var (a, b) = MemoryConnection.CreatePair();
        var server = a.WithCodec(Codec.Utf8Lines(maxIncomingLineLength: 4, maxOutgoingLineLength: 100));
        var client = b.WithCodec(Codec.Utf8Lines(100));
        var received = Sink.ToList<string>();

        var receiving = Flow.RunAsync(client.Source, received);
        await Flow.RunAsync(Source.From(["a long answer, longer than any command"]), server.Sink).WaitAsync(Patience);
        await receiving.WaitAsync(Patience);
        await Flow.RunAsync(Source.From(["a long command"]), client.Sink).WaitAsync(Patience);

        Assert.Equal(["a long answer, longer than any command"], await received.Result);
        var problem = await Assert.ThrowsAsync<FrameTooLongException>(() => Flow.RunAsync(server.Source, Sink.Null<string>()).WaitAsync(Patience));
        Assert.Equal(4, problem.MaxFrameLength);
    }

    [Fact]
    public void Invalid_length_prefix_options_are_rejected_when_the_codec_is_made()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Codec.LengthPrefixed(new LengthPrefixOptions(10) { LengthFieldSize = 3 }));
    }
}
