using System.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net.Tls;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Faults;

/// <summary>Resets and cuts injected by a <see cref="FaultRelay"/> between a client and a server, over TCP and
/// TLS: each is reported as what it is, never as a clean end.</summary>
public class RelayFaultTests
{
    private static readonly TimeSpan Bound = TcpLoopback.Patience;

    [Fact]
    public async Task Tcp_reset_in_the_middle_fails_both_directions_with_ConnectionReset()
    {
        await using var pairs = new TcpPairs(IPAddress.Loopback, throughRelay: true);
        var (client, accepted) = await pairs.CreateAsync();
        await using var _ = client;
        await using var __ = accepted;
        await client.Sink.RunAsync("before"u8.ToArray());
        Assert.Equal("before"u8.ToArray(), await ByteStreams.ReadExactlyAsync(accepted.Source, 6).WaitAsync(Bound));
        var reading = new RecordingByteSink();
        var flowing = Flow.RunAsync(client.Source, reading);

        pairs.Relay!.Reset();

        await Record.ExceptionAsync(() => flowing.WaitAsync(Bound));
        Assert.True(ResetChecks.IsReset(await reading.Ended), $"the client's source ended with {ResetChecks.Describe(await reading.Ended)}");
        var writing = await Record.ExceptionAsync(() => ResetRaceTests.WriteUntilFailureAsync(client.Sink, rethrow: true).WaitAsync(Bound));
        Assert.True(ResetChecks.IsReset(writing), $"the client's sink ended with {ResetChecks.Describe(writing)}");
        var serverEnd = await Record.ExceptionAsync(() => ByteStreams.ReadToEndAsync(accepted.Source).WaitAsync(Bound));
        Assert.True(ResetChecks.IsReset(serverEnd), $"the server's source ended with {ResetChecks.Describe(serverEnd)}");
    }

    [Fact]
    public async Task Tls_stream_cut_with_a_FIN_and_no_close_notify_fails_with_IOException_after_the_data()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync(throughRelay: true);
        await pair.Server.Sink.RunAsync("partial"u8.ToArray());
        Assert.Equal("partial"u8.ToArray(), await ByteStreams.ReadExactlyAsync(pair.Client.Source, 7).WaitAsync(Bound));

        pair.Relay!.Cut();

        var end = await Record.ExceptionAsync(() => ByteStreams.ReadToEndAsync(pair.Client.Source).WaitAsync(Bound));
        var truncated = Assert.IsType<IOException>(end);
        Assert.Contains("without close_notify", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_reset_in_the_middle_fails_the_source_with_the_reset()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync(throughRelay: true);
        await pair.Server.Sink.RunAsync("partial"u8.ToArray());
        Assert.Equal("partial"u8.ToArray(), await ByteStreams.ReadExactlyAsync(pair.Client.Source, 7).WaitAsync(Bound));

        pair.Relay!.Reset();

        var end = await Record.ExceptionAsync(() => ByteStreams.ReadToEndAsync(pair.Client.Source).WaitAsync(Bound));
        Assert.True(ResetChecks.IsReset(end), $"the client's source ended with {ResetChecks.Describe(end)}");
    }
}
