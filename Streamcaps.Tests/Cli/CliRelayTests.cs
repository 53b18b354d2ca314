using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Cli;

/// <summary><c>streamcaps tcp-listen:… tcp:…</c>, the relay people use socat for: data intact, half-close carried
/// both ways, a reset carried as a reset, many clients with fork, exit codes that tell the ends apart.</summary>
public sealed class CliRelayTests
{
    private static readonly TimeSpan Patience = CliProcess.DefaultTimeout;

    [Fact]
    public async Task A_relayed_port_carries_100_MB_intact()
    {
        const long Total = 100L * 1024 * 1024;
        // The far end hashes what it received and answers with the hash.
        await using var target = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async connection =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await Flow.RunAsync(connection.Source, Sink.ForEach<ReadOnlyMemory<byte>>(chunk => hash.AppendData(chunk.Span)));
            await connection.Sink.RunAsync(hash.GetHashAndReset());
            await connection.Sink.CompleteAsync();
        });
        await using var relay = CliProcess.Start($"tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{((IPEndPoint)target.LocalEndPoint).Port}");
        var relayed = await relay.WaitForListeningAsync();

        await using var client = await Tcp.ConnectAsync(relayed).WaitAsync(Patience);
        using var sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[64 * 1024];
        for (long offset = 0; offset < Total; offset += chunk.Length)
        {
            for (var i = 0; i < chunk.Length; i += 8)
            {
                BinaryPrimitives.WriteInt64LittleEndian(chunk.AsSpan(i), offset + i);
            }

            sent.AppendData(chunk);
            await client.Sink.RunAsync(chunk).AsTask().WaitAsync(Patience);
        }

        await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
        var answer = await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience);

        Assert.Equal(sent.GetHashAndReset(), answer);
        await relay.AssertExitCodeAsync(0);
    }

    [Fact]
    public async Task A_half_close_is_carried_both_ways()
    {
        using var peer = new RawPeer();
        await using var relay = CliProcess.Start("tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{peer.Port}");
        var relayed = await relay.WaitForListeningAsync();

        await using var client = await Tcp.ConnectAsync(relayed).WaitAsync(Patience);
        using var far = await peer.AcceptAsync();
        await client.Sink.RunAsync("ping"u8.ToArray());
        await client.Sink.CompleteAsync();

        // The client's FIN reached the far side as a FIN, and the far side can still answer.
        Assert.Equal("ping"u8.ToArray(), await TcpLoopback.ReceiveToEndAsync(far));
        await far.SendAsync("pong"u8.ToArray());
        far.Shutdown(SocketShutdown.Send);

        Assert.Equal("pong"u8.ToArray(), await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
        await relay.AssertExitCodeAsync(0);
    }

    [Fact]
    public async Task A_reset_on_the_far_side_reaches_the_client_as_a_reset()
    {
        using var peer = new RawPeer();
        await using var relay = CliProcess.Start("tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{peer.Port}");
        var relayed = await relay.WaitForListeningAsync();

        await using var client = await Tcp.ConnectAsync(relayed).WaitAsync(Patience);
        var far = await peer.AcceptAsync();
        await client.Sink.RunAsync("half a request"u8.ToArray());
        RawPeer.Reset(far);

        var failure = await Assert.ThrowsAsync<SocketException>(() => ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, failure.SocketErrorCode);
        await relay.AssertExitCodeAsync(4);
    }

    [Fact]
    public async Task A_reset_by_the_client_reaches_the_far_side_as_a_reset()
    {
        using var peer = new RawPeer();
        await using var relay = CliProcess.Start("tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{peer.Port}");
        var relayed = await relay.WaitForListeningAsync();

        var client = await Tcp.ConnectAsync(relayed).WaitAsync(Patience);
        using var far = await peer.AcceptAsync();
        await client.Sink.RunAsync("half a request"u8.ToArray());
        await client.Sink.AbortAsync(new IOException("the client gave up"));
        await client.DisposeAsync();

        var failure = await Assert.ThrowsAsync<SocketException>(() => TcpLoopback.ReceiveToEndAsync(far));
        Assert.Equal(SocketError.ConnectionReset, failure.SocketErrorCode);
        await relay.AssertExitCodeAsync(4);
    }

    [Fact]
    public async Task Fork_serves_100_concurrent_clients_and_stops_with_exit_0_on_SIGTERM()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        await using var relay = CliProcess.Start("tcp-listen:0,bind=127.0.0.1,fork", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}", "--quiet");
        var relayed = await relay.WaitForListeningAsync();

        var clients = Enumerable.Range(0, 100).Select(async i =>
        {
            var payload = ByteStreams.RandomBytes(10_000, seed: i);
            await using var client = await Tcp.ConnectAsync(relayed);
            await client.Sink.RunAsync(payload);
            await client.Sink.CompleteAsync();
            return (Sent: payload, Echoed: await ByteStreams.ReadToEndAsync(client.Source));
        });
        var results = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, result => Assert.Equal(result.Sent, result.Echoed));
        await relay.SignalAsync("TERM");
        await relay.AssertExitCodeAsync(0);
    }

    [Fact]
    public async Task One_way_relays_only_the_first_address_to_the_second()
    {
        using var peer = new RawPeer();
        var result = CliProcess.RunAsync(["-u", "stdio", $"tcp:127.0.0.1:{peer.Port}"], "one way"u8.ToArray());
        using var far = await peer.AcceptAsync();
        await far.SendAsync("ignored"u8.ToArray());

        Assert.Equal("one way"u8.ToArray(), await TcpLoopback.ReceiveToEndAsync(far));
        var finished = await result;
        Assert.Equal(0, finished.ExitCode);
        Assert.Empty(finished.Output);
    }

    [Fact]
    public async Task A_peer_that_never_reads_trips_the_write_timeout_with_exit_5()
    {
        using var peer = new RawPeer();
        using var files = new TempDirectory();
        await File.WriteAllBytesAsync(files.File("big.bin"), new byte[64 * 1024 * 1024]);
        var relay = CliProcess.RunAsync(["--write-timeout", "1", $"file:{files.File("big.bin")}", $"tcp:127.0.0.1:{peer.Port}"]);
        using var far = await peer.AcceptAsync();

        var result = await relay;

        Assert.True(result.ExitCode == 5, result.Errors);
        Assert.Contains("write timeout", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_logs_the_library_server_events_on_stderr()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        await using var relay = CliProcess.Start("--verbose", "tcp-listen:0,bind=127.0.0.1", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}");
        var relayed = await relay.WaitForListeningAsync();

        var client = await ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", relayed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], "logged\n"u8.ToArray());

        Assert.Equal("logged\n"u8.ToArray(), client.Output);
        await relay.AssertExitCodeAsync(0);
        Assert.Contains("Streamcaps.Net.Server[2]", relay.Errors, StringComparison.Ordinal);
        Assert.Contains("Streamcaps.Net.Server[3]", relay.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_exits_with_3()
    {
        using var peer = new RawPeer();
        var port = peer.Port;
        peer.Dispose();

        var result = await CliProcess.RunAsync(["stdio", $"tcp:127.0.0.1:{port}"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("connection refused", result.Errors, StringComparison.Ordinal);
    }
}
