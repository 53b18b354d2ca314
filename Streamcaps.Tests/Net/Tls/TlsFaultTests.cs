using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net.Faults;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>How TLS connections over TCP end under faults: a reset is reported as one by both directions, a
/// clean close delivers every byte, a failed handshake resets, a peer that never reads trips the write timeout.</summary>
public class TlsFaultTests
{
    private static readonly TimeSpan Bound = TlsPair.Bound;

    [Fact]
    public async Task Peer_reset_while_the_sink_writes_and_the_source_reads_is_reported_as_a_reset()
    {
        const int Connections = 300, AtOnce = 25;
        var outcomes = new ConcurrentQueue<string>();
        using var allEnded = new CountdownEvent(Connections);
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            async connection =>
            {
                var writing = ResetRaceTests.WriteUntilFailureAsync(connection.Sink);
                var reading = new RecordingByteSink();
                await Record.ExceptionAsync(() => Flow.RunAsync(connection.Source, reading));
                outcomes.Enqueue(ResetChecks.Describe(await reading.Ended));
                allEnded.Signal();
                await writing;
            });
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        for (var started = 0; started < Connections; started += AtOnce)
        {
            await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(async _ =>
            {
                var client = (TlsConnection)await Streamcaps.Net.Tls.ConnectAsync("localhost", port, TestCertificates.ClientOptions());
                await client.Sink.RunAsync(new byte[100]);
                await client.Source.RunAsync(new RecordingByteSink());
                // Around TLS: a TCP reset while the server's writes are unread.
                await client.Transport.Sink.AbortAsync(new IOException("the test resets"));
                await client.DisposeAsync();
            })).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(allEnded.Wait(TimeSpan.FromSeconds(30)), $"only {Connections - allEnded.CurrentCount} of {Connections} sources ended");
        var counts = outcomes.GroupBy(outcome => outcome).ToDictionary(group => group.Key, group => group.Count());
        var summary = string.Join(", ", counts.Select(pair => $"{pair.Key}: {pair.Value}"));
        Assert.False(counts.ContainsKey("clean end"), $"a reset was reported as a clean end ({summary})");
        Assert.True(counts.GetValueOrDefault(nameof(SocketError.ConnectionReset)) == Connections, $"not every source reported the reset ({summary})");
    }

    [Fact]
    public async Task Writer_that_completes_and_disposes_without_reading_delivers_every_byte()
    {
        const int Runs = 10;
        var received = new ConcurrentQueue<(byte[]? Bytes, Exception? Problem)>();
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            async connection =>
            {
                var problem = await Record.ExceptionAsync(async () => received.Enqueue((await ByteStreams.ReadToEndAsync(connection.Source), null)));
                if (problem is not null)
                {
                    received.Enqueue((null, problem));
                }
            });
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        var sent = ByteStreams.RandomBytes(1024 * 1024, seed: 12);

        for (var run = 0; run < Runs; run++)
        {
            // TLS 1.3: the server's session tickets arrive after the handshake and this client never reads them.
            var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", port, TestCertificates.ClientOptions()).WaitAsync(Bound);
            await ByteStreams.WriteInRandomChunksAsync(client.Sink, sent, seed: run).WaitAsync(Bound);
            await client.Sink.CompleteAsync().AsTask().WaitAsync(Bound);
            await client.DisposeAsync().AsTask().WaitAsync(Bound);
        }

        await server.StopAsync().WaitAsync(Bound);
        Assert.Equal(Runs, received.Count);
        Assert.All(received, outcome =>
        {
            Assert.Null(outcome.Problem);
            Assert.Equal(sent, outcome.Bytes);
        });
    }

    [Fact]
    public async Task Server_resets_a_client_whose_handshake_failed()
    {
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            TlsConnectionOptions.Default, new TcpServerOptions { OnFailure = _ => { } }, c => Flow.RunAsync(c.Source, c.Sink));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.LocalEndPoint);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());

        var end = await Record.ExceptionAsync(() => TcpLoopback.ReceiveToEndAsync(client));
        Assert.True(ResetChecks.IsReset(end), $"the failed handshake ended with {ResetChecks.Describe(end)}, not a reset");
    }

    [Fact]
    public async Task Client_resets_a_server_whose_certificate_it_rejected()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var accepting = listener.AcceptAsync();
        var connecting = Streamcaps.Net.Tls.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint!).Port, TestCertificates.ClientOptions());
        using var serverSocket = await accepting.WaitAsync(Bound);
        await using var ssl = new SslStream(new NetworkStream(serverSocket, ownsSocket: false));
        var serverHandshake = Record.ExceptionAsync(() => ssl.AuthenticateAsServerAsync(TestCertificates.ServerOptions(TestCertificates.SelfSigned)));

        await Assert.ThrowsAsync<AuthenticationException>(() => connecting.WaitAsync(Bound));

        // Linux reports a reset once: to the server's handshake, to its first read, or to the raw socket after them.
        var end = await serverHandshake.WaitAsync(Bound)
            ?? await Record.ExceptionAsync(() => ssl.ReadAsync(new byte[1]).AsTask().WaitAsync(Bound));
        if (!ResetChecks.IsReset(end))
        {
            end = await Record.ExceptionAsync(() => serverSocket.ReceiveAsync(new byte[1].AsMemory()).AsTask().WaitAsync(Bound));
        }

        Assert.True(ResetChecks.IsReset(end), $"the client's failed handshake ended with {ResetChecks.Describe(end)}, not a reset");
    }

    [Fact]
    public async Task Delivery_to_a_peer_that_never_reads_faults_with_TimeoutException()
    {
        await using var pair = await TlsLoopbackPair.ConnectAsync(clientTcp: new TcpConnectionOptions { WriteTimeout = TimeSpan.FromMilliseconds(300) });

        var writing = await Record.ExceptionAsync(() => ResetRaceTests.WriteUntilFailureAsync(pair.Client.Sink, rethrow: true).WaitAsync(Bound));

        Assert.IsType<TimeoutException>(writing);
        var end = await Record.ExceptionAsync(() => ByteStreams.ReadToEndAsync(pair.Server.Source).WaitAsync(Bound));
        Assert.True(ResetChecks.IsReset(end), $"the server's source ended with {ResetChecks.Describe(end)}, not a reset");
    }
}
