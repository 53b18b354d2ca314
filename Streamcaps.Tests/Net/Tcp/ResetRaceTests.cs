using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Net.Faults;
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
            outcomes.Enqueue(ResetChecks.Describe(await reading.Ended));
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

    [Fact]
    public async Task Reset_the_sink_saw_first_is_reported_by_the_source_after_the_data_that_came_before_it()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        await peer.SendAsync("sent before the reset"u8.ToArray());
        Reset(peer);

        // The sink asks first, so Linux reports the reset to it; the source then finds its receive queue and a 0.
        var writing = await Record.ExceptionAsync(() => WriteUntilFailureAsync(connection.Sink, rethrow: true).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(writing).SocketErrorCode);
        var reading = new RecordingByteSink();
        await Record.ExceptionAsync(() => Flow.RunAsync(connection.Source, reading).WaitAsync(Patience));

        Assert.Equal("sent before the reset"u8.ToArray(), reading.Received);
        var end = Assert.IsType<SocketException>(await reading.Ended);
        Assert.Equal(SocketError.ConnectionReset, end.SocketErrorCode);
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

    /// <summary>Writes 64 KiB chunks until a delivery fails; the failure is swallowed unless
    /// <paramref name="rethrow"/>, for tests that check only how the reading ended.</summary>
    internal static async Task WriteUntilFailureAsync(ISink<ReadOnlyMemory<byte>> sink, bool rethrow = false)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await sink.RunAsync(chunk);
            }
        }
        catch (Exception failure) when (!rethrow && failure is SocketException or IOException or InvalidOperationException or TimeoutException)
        {
            // The reset ends the writing; how the reading ended is what the test checks.
        }
    }
}
