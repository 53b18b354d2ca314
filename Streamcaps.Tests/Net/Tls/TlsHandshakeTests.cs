using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Tls;

public class TlsHandshakeTests
{
    private static readonly TimeSpan Bound = TlsPair.Bound;

    [Fact]
    public async Task Negotiated_details_are_visible_on_both_ends()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;

        Assert.Equal(SslProtocols.Tls13, client.Protocol);
        Assert.Equal(client.Protocol, server.Protocol);
        Assert.Equal(client.CipherSuite, server.CipherSuite);
        Assert.Equal(TestCertificates.Server.Thumbprint, client.RemoteCertificate?.Thumbprint);
        Assert.Null(server.RemoteCertificate);
        Assert.Equal("localhost", server.TargetHostName);
        Assert.False(client.IsMutuallyAuthenticated);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Each_protocol_version_carries_data_both_ways(SslProtocols protocol)
    {
        var options = TestCertificates.ClientOptions();
        options.EnabledSslProtocols = protocol;
        var (client, server, _) = await TlsPair.ConnectAsync(options);
        await using var _c = client;
        await using var _s = server;

        await client.Sink.RunAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await ByteStreams.ReadExactlyAsync(server.Source, 4).WaitAsync(Bound));
        await server.Sink.RunAsync("pong"u8.ToArray());
        Assert.Equal("pong"u8.ToArray(), await ByteStreams.ReadExactlyAsync(client.Source, 4).WaitAsync(Bound));
        Assert.Equal(protocol, client.Protocol);
    }

    [Fact]
    public async Task Alpn_agrees_on_the_first_protocol_both_sides_speak()
    {
        var clientOptions = TestCertificates.ClientOptions();
        clientOptions.ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
        var serverOptions = TestCertificates.ServerOptions();
        serverOptions.ApplicationProtocols = [SslApplicationProtocol.Http11];

        var (client, server, _) = await TlsPair.ConnectAsync(clientOptions, serverOptions);
        await using var _c = client;
        await using var _s = server;

        Assert.Equal(SslApplicationProtocol.Http11, client.ApplicationProtocol);
        Assert.Equal(SslApplicationProtocol.Http11, server.ApplicationProtocol);
    }

    [Fact]
    public async Task Mutual_tls_shows_the_client_certificate_to_the_server()
    {
        var clientOptions = TestCertificates.ClientOptions();
        clientOptions.ClientCertificates = [TestCertificates.Client];
        var serverOptions = TestCertificates.ServerOptions();
        serverOptions.ClientCertificateRequired = true;
        serverOptions.CertificateChainPolicy = TlsCertificates.TrustOnly(TestCertificates.Authority);

        var (client, server, _) = await TlsPair.ConnectAsync(clientOptions, serverOptions);
        await using var _c = client;
        await using var _s = server;

        Assert.True(server.IsMutuallyAuthenticated);
        Assert.Equal(TestCertificates.Client.Thumbprint, server.RemoteCertificate?.Thumbprint);
    }

    [Fact]
    public async Task Server_that_requires_a_client_certificate_rejects_a_client_without_one()
    {
        var serverOptions = TestCertificates.ServerOptions();
        serverOptions.ClientCertificateRequired = true;

        var (_, serverFailure) = await TlsPair.FailuresAsync(TestCertificates.ClientOptions(), serverOptions);

        var problem = Assert.IsType<AuthenticationException>(serverFailure);
        Assert.Contains("client sent no certificate", problem.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> RejectedServerCertificates => new()
    {
        { nameof(TestCertificates.SelfSigned), "it is untrusted" },
        { nameof(TestCertificates.Expired), "it has expired" },
        { nameof(TestCertificates.WrongName), "its name does not match 'localhost' (it is for other.example" },
    };

    [Theory]
    [MemberData(nameof(RejectedServerCertificates))]
    public async Task Rejected_server_certificate_fails_with_AuthenticationException_naming_the_reason(string certificate, string reason)
    {
        var presented = (X509Certificate2)typeof(TestCertificates).GetProperty(certificate)!.GetValue(null)!;

        var (clientFailure, _) = await TlsPair.FailuresAsync(TestCertificates.ClientOptions(), TestCertificates.ServerOptions(presented));

        var problem = Assert.IsType<AuthenticationException>(clientFailure);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_certificate_of_a_trusted_authority_is_not_called_untrusted()
    {
        var (clientFailure, _) = await TlsPair.FailuresAsync(
            TestCertificates.ClientOptions(), TestCertificates.ServerOptions(TestCertificates.Expired));

        Assert.DoesNotContain("untrusted", clientFailure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_callback_of_the_caller_decides_instead_of_the_default_rules()
    {
        var clientOptions = TestCertificates.ClientOptions();
        X509Certificate? seen = null;
        // Pins the one certificate expected, the way a private PKI check would.
        clientOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            seen = certificate;
            return (certificate as X509Certificate2)?.Thumbprint == TestCertificates.SelfSigned.Thumbprint;
        };

        var (client, server, _) = await TlsPair.ConnectAsync(clientOptions, TestCertificates.ServerOptions(TestCertificates.SelfSigned));
        await using var _c = client;
        await using var _s = server;

        Assert.Equal(TestCertificates.SelfSigned.Thumbprint, (seen as X509Certificate2)?.Thumbprint);
    }

    [Fact]
    public async Task Garbage_instead_of_a_client_hello_fails_the_server_handshake_with_AuthenticationException()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await using var _ = client;
        var handshake = Streamcaps.Net.Tls.AuthenticateAsServerAsync(server, TestCertificates.ServerOptions());

        await client.Sink.RunAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());

        var problem = await Assert.ThrowsAsync<AuthenticationException>(() => handshake.WaitAsync(Bound));
        Assert.Contains("TLS handshake", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_hangs_up_mid_handshake_fails_it_with_AuthenticationException()
    {
        var (client, server) = MemoryConnection.CreatePair();
        var handshake = Streamcaps.Net.Tls.AuthenticateAsServerAsync(server, TestCertificates.ServerOptions());

        await client.Sink.RunAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x40 });
        await client.Sink.CompleteAsync();

        await Assert.ThrowsAsync<AuthenticationException>(() => handshake.WaitAsync(Bound));
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Client_that_stalls_mid_handshake_times_out()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await using var _ = client;
        var tls = new TlsConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(200) };
        var handshake = Streamcaps.Net.Tls.AuthenticateAsServerAsync(server, TestCertificates.ServerOptions(), tls);

        await client.Sink.RunAsync(new byte[] { 0x16, 0x03, 0x01 });

        var problem = await Assert.ThrowsAsync<TimeoutException>(() => handshake.WaitAsync(Bound));
        Assert.Contains("handshake timeout", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_handshake_disposes_the_transport_so_the_peer_sees_the_end()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await using var _ = client;
        var handshake = Streamcaps.Net.Tls.AuthenticateAsServerAsync(server, TestCertificates.ServerOptions());
        await client.Sink.RunAsync("garbage garbage garbage"u8.ToArray());
        await Assert.ThrowsAsync<AuthenticationException>(() => handshake.WaitAsync(Bound));

        var received = await Record.ExceptionAsync(() => ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Bound));

        Assert.IsType<IOException>(received);
    }

    [Fact]
    public async Task Server_options_without_a_certificate_are_rejected_up_front()
    {
        var (_, server) = MemoryConnection.CreatePair();

        var problem = await Assert.ThrowsAsync<ArgumentException>(() => Streamcaps.Net.Tls.AuthenticateAsServerAsync(server, new SslServerAuthenticationOptions()));

        Assert.Contains("no certificate", problem.Message, StringComparison.Ordinal);
    }
}
