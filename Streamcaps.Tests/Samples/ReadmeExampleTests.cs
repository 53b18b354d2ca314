using System.Net;
using Streamcaps.Net;

namespace Streamcaps.Tests.Samples;

/// <summary>The README's 30-second example, verbatim, so the README cannot drift from the library.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task Thirty_second_example_runs_as_the_README_says()
    {
        // README: begin
        // A pipeline in code, written as LINQ: every delivery returns a task, and that task is the backpressure.
        var shouted = await Source.From(["hello", "", "streamcaps"])
            .Where(word => word.Length > 0)
            .Select(word => word.ToUpperInvariant())
            .ToListAsync();
        Console.WriteLine(string.Join(' ', shouted));                        // HELLO STREAMCAPS

        // A TCP server that upper-cases every line: framing and codecs are pumps too.
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), connection =>
        {
            var lines = connection.Lines(maxLineLength: 4096);
            return lines.Source.Select(line => line.ToUpperInvariant()).CopyToAsync(lines.Sink);
        });

        // A client: send, half-close (FIN), read the answer to the end.
        await using var client = await Tcp.ConnectAsync("localhost", ((IPEndPoint)server.LocalEndPoint).Port);
        await client.Sink.RunAsync("hi there\n"u8.ToArray());
        await client.Sink.CompleteAsync();
        var reply = Sink.CollectString();
        await client.Source.CopyToAsync(reply);
        Console.WriteLine(await reply.Result);                               // HI THERE
        // README: end

        Assert.Equal(["HELLO", "STREAMCAPS"], shouted);
        Assert.Equal("HI THERE\n", await reply.Result);
    }
}
