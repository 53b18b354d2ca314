using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Support;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>
/// Linux reports a reset once: to whichever of send or receive asks first. A connection whose sink writes
/// while its source reads must report the peer's reset in both directions, however the two race for it.
/// </summary>
public class ResetRaceTests
{
    private const int Connections = 1000;
    private const int AtOnce = 50;

    [Fact]
    public async Task Peer_reset_while_the_sink_writes_and_the_source_reads_is_never_reported_as_a_clean_end()
    {
        var outcomes = new ConcurrentQueue<string>();
        using var allEnded = new CountdownEvent(Connections);
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async connection =>
        {
            var writing = WriteUntilFailureAsync(connection.Sink);
            var reading = new RecordingByteSink();
            await Record.ExceptionAsync(() => Flow.RunAsync(connection.Source, reading));
            outcomes.Enqueue(Describe(await reading.Ended));
            allEnded.Signal();
            await writing;
        });

        for (var started = 0; started < Connections; started += AtOnce)
        {
            await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => ConnectReadAndResetAsync(server.LocalEndPoint)))
                .WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(allEnded.Wait(TimeSpan.FromSeconds(30)), $"only {Connections - allEnded.CurrentCount} of {Connections} sources ended");
        var counts = outcomes.GroupBy(outcome => outcome).ToDictionary(group => group.Key, group => group.Count());
        var summary = string.Join(", ", counts.Select(pair => $"{pair.Key}: {pair.Value}"));
        Assert.False(counts.ContainsKey("clean end"), $"a reset was reported as a clean end ({summary})");
        Assert.Equal(Connections, counts.GetValueOrDefault(nameof(SocketError.ConnectionReset)));
    }

    /// <summary>Sends a little (so the source has read something), waits until the sink is writing, then
    /// resets without reading the rest, so the sink's sends are pending or about to be.</summary>
    private static async Task ConnectReadAndResetAsync(EndPoint server)
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(server);
        await peer.SendAsync(new byte[100]);
        var buffer = new byte[1];
        await peer.ReceiveAsync(buffer);
        Reset(peer);
    }

    private static async Task WriteUntilFailureAsync(ISink<ReadOnlyMemory<byte>> sink)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await sink.RunAsync(chunk);
            }
        }
        catch (Exception failure) when (failure is SocketException or IOException or InvalidOperationException or TimeoutException)
        {
            // The reset ends the writing; how the reading ended is what the test checks.
        }
    }

    private static string Describe(Exception? end) => end switch
    {
        null => "clean end",
        SocketException socket => socket.SocketErrorCode.ToString(),
        _ => end.GetType().Name,
    };
}
