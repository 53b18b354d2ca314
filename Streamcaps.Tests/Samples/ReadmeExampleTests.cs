using System.Net;
using Streamcaps.Net;
using Streamcaps.Net.Codecs;

namespace Streamcaps.Tests.Samples;

/// <summary>The README's 30-second example, verbatim, so the README cannot drift from the library.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task Thirty_second_example_runs_as_the_README_says()
    {
        // README: begin
        // A pipeline in code: every delivery returns a task, and that task is the backpressure.
        var shouted = Sink.ToList<string>();
        await Flow.RunAsync(
            Source.From(["hello", "", "streamcaps"])
                .Through(Pump.Filter<string>(word => word.Length > 0))
                .Through(Pump.Map<string, string>(word => word.ToUpperInvariant())),
            shouted);
        Console.WriteLine(string.Join(' ', await shouted.Result));          // HELLO STREAMCAPS

        // A TCP server that upper-cases every line: framing and codecs are pumps too.
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), connection =>
        {
            var lines = connection.WithCodec(Codec.Utf8Lines(maxLineLength: 4096));
            return Flow.RunAsync(lines.Source.Through(Pump.Map<string, string>(line => line.ToUpperInvariant())), lines.Sink);
        });

        // A client: send, half-close (FIN), read the answer to the end.
        await using var client = await Tcp.ConnectAsync("localhost", ((IPEndPoint)server.LocalEndPoint).Port);
        await client.Sink.RunAsync("hi there\n"u8.ToArray());
        await client.Sink.CompleteAsync();
        var reply = Sink.CollectString();
        await Flow.RunAsync(client.Source, reply);
        Console.WriteLine(await reply.Result);                               // HI THERE
        // README: end

        Assert.Equal(["HELLO", "STREAMCAPS"], await shouted.Result);
        Assert.Equal("HI THERE\n", await reply.Result);
    }
}
