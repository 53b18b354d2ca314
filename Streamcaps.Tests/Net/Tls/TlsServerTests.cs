using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Tls;

/// <summary><see cref="Streamcaps.Net.Tls.ListenAsync(IPEndPoint, SslServerAuthenticationOptions, Func{IConnection, Task}, CancellationToken)"/>
/// and <see cref="Streamcaps.Net.Tls.ConnectAsync(string, int, SslClientAuthenticationOptions, CancellationToken)"/> on loopback TCP.</summary>
public class TlsServerTests
{
    private static readonly TimeSpan Bound = TlsPair.Bound;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Echo_server_over_tls_echoes_and_closes_cleanly(string address)
    {
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Parse(address), 0),
            TestCertificates.ServerOptions(), c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        await using var client = await Streamcaps.Net.Tls.ConnectAsync(address, port, TestCertificates.ClientOptions()).WaitAsync(Bound);
        var payload = ByteStreams.RandomBytes(300_000, seed: 7);

        var echoed = ByteStreams.ReadToEndAsync(client.Source);
        await ByteStreams.WriteInRandomChunksAsync(client.Sink, payload, seed: 8).WaitAsync(Bound);
        await client.Sink.CompleteAsync().AsTask().WaitAsync(Bound);

        Assert.Equal(payload, await echoed.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Server_asks_clients_for_a_certificate_only_when_it_requires_one(bool required)
    {
        // openssl's message trace shows whether the server sent a CertificateRequest.
        var options = TestCertificates.ServerOptions();
        options.ClientCertificateRequired = required;
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), options, c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var trace = await ToolProcess.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-tls1_3", "-msg", "-servername", "localhost"]);

        var output = System.Text.Encoding.UTF8.GetString(trace.Output);
        Assert.Contains("ServerHello", output, StringComparison.Ordinal);
        Assert.Equal(required, output.Contains("CertificateRequest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_sends_the_host_as_server_name_and_checks_it()
    {
        var seenName = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            c =>
            {
                seenName.TrySetResult(((TlsConnection)c).TargetHostName);
                return Task.CompletedTask;
            });
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        var options = new SslClientAuthenticationOptions { CertificateChainPolicy = TlsCertificates.TrustOnly(TestCertificates.Authority) };

        await using var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", port, options).WaitAsync(Bound);

        Assert.Equal("localhost", await seenName.Task.WaitAsync(Bound));
        Assert.Null(options.TargetHost);
    }

    [Fact]
    public async Task Garbage_client_costs_only_its_connection_and_is_counted_and_reported()
    {
        var failures = new ConcurrentQueue<ServerFailure>();
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tcp = new TcpServerOptions
        {
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                reported.TrySetResult();
            },
        };
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            TlsConnectionOptions.Default, tcp, c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        await using (var plain = await Tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Bound))
        {
            await plain.Sink.RunAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
            await reported.Task.WaitAsync(Bound);
        }

        await using var good = await Streamcaps.Net.Tls.ConnectAsync("127.0.0.1", port, TestCertificates.ClientOptions()).WaitAsync(Bound);
        await good.Sink.RunAsync("still serving"u8.ToArray());
        await good.Sink.CompleteAsync();

        Assert.Equal("still serving"u8.ToArray(), await ByteStreams.ReadToEndAsync(good.Source).WaitAsync(Bound));
        var failure = Assert.Single(failures);
        Assert.Equal(ServerFailureKind.Setup, failure.Kind);
        Assert.IsType<AuthenticationException>(failure.Exception);
        Assert.Equal(1, server.FailedConnections);
    }

    [Fact]
    public async Task Client_that_stalls_mid_handshake_is_dropped_at_the_handshake_timeout()
    {
        var reported = new TaskCompletionSource<ServerFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tls = new TlsConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        var tcp = new TcpServerOptions { OnFailure = failure => reported.TrySetResult(failure) };
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(),
            tls, tcp, c => Flow.RunAsync(c.Source, c.Sink));
        using var staller = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await staller.ConnectAsync(server.LocalEndPoint);
        await staller.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });

        var failure = await reported.Task.WaitAsync(Bound);

        Assert.IsType<TimeoutException>(failure.Exception);
        // A failed handshake is a failed end: a reset, never a FIN that looks like a clean close.
        var buffer = new byte[16];
        var reset = await Assert.ThrowsAsync<SocketException>(() => staller.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Bound));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Client_rejects_a_server_whose_certificate_it_does_not_trust_and_says_why()
    {
        await using var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0),
            TestCertificates.ServerOptions(TestCertificates.SelfSigned), c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        var problem = await Assert.ThrowsAsync<AuthenticationException>(() =>
            Streamcaps.Net.Tls.ConnectAsync("localhost", port, new SslClientAuthenticationOptions()).WaitAsync(Bound));

        Assert.Contains("untrusted", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_to_a_closed_port_fails_with_connection_refused()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.LocalEndPoint!).Port;

        var problem = await Assert.ThrowsAsync<SocketException>(() =>
            Streamcaps.Net.Tls.ConnectAsync("127.0.0.1", port, TestCertificates.ClientOptions()).WaitAsync(Bound));

        Assert.Equal(SocketError.ConnectionRefused, problem.SocketErrorCode);
    }

    [Fact]
    public async Task Starttls_upgrades_a_plain_tcp_connection_after_a_plain_greeting()
    {
        await using var server = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), async plain =>
        {
            await plain.Sink.RunAsync("220 ready for TLS\n"u8.ToArray());
            await using var secure = await Streamcaps.Net.Tls.AuthenticateAsServerAsync(plain, TestCertificates.ServerOptions());
            await Flow.RunAsync(secure.Source, secure.Sink);
        });
        var transport = await Tcp.ConnectAsync(server.LocalEndPoint);
        var greeting = await ByteStreams.ReadExactlyAsync(transport.Source, "220 ready for TLS\n".Length).WaitAsync(Bound);

        await using var secure = await Streamcaps.Net.Tls.AuthenticateAsClientAsync(transport, TestCertificates.ClientOptions()).WaitAsync(Bound);
        await secure.Sink.RunAsync("over tls now"u8.ToArray());
        await secure.Sink.CompleteAsync();

        Assert.Equal("220 ready for TLS\n"u8.ToArray(), greeting);
        Assert.Equal("over tls now"u8.ToArray(), await ByteStreams.ReadToEndAsync(secure.Source).WaitAsync(Bound));
    }
}
