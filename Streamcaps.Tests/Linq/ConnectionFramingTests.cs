using Streamcaps.Framing;
using Streamcaps.Net;
using Streamcaps.Net.Memory;

namespace Streamcaps.Tests.Linq;

public class ConnectionFramingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Lines_on_a_connection_gives_a_typed_source_and_sink()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await using var clientLines = client.Lines(maxLineLength: 64);
        await using var serverLines = server.Lines(maxLineLength: 64);

        var echo = serverLines.Source.Select(line => line.ToUpperInvariant()).CopyToAsync(serverLines.Sink);
        var sending = Source.From(["hello", "wörld"]).CopyToAsync(clientLines.Sink);
        var replies = await clientLines.Source.ToListAsync().AsTask().WaitAsync(Timeout);
        await Task.WhenAll(echo, sending).WaitAsync(Timeout);

        Assert.Equal(["HELLO", "WÖRLD"], replies);
    }

    [Fact]
    public async Task LengthPrefixed_on_a_connection_frames_both_ways()
    {
        var (client, server) = MemoryConnection.CreatePair();
        var options = new LengthPrefixOptions(maxFrameLength: 1024) { LengthFieldSize = 2 };
        await using var clientFrames = client.LengthPrefixed(options);
        await using var serverFrames = server.LengthPrefixed(options);

        var sending = Source.From(new ReadOnlyMemory<byte>[] { new byte[] { 1, 2, 3 }, Array.Empty<byte>(), new byte[300] }).CopyToAsync(clientFrames.Sink);
        var received = await serverFrames.Source.Select(frame => frame.Length).ToListAsync().AsTask().WaitAsync(Timeout);
        await sending.WaitAsync(Timeout);

        Assert.Equal([3, 0, 300], received);
    }
}
