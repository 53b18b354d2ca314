using System.Net.Security;
using System.Security.Authentication;
using Streamcaps.Net;
using Streamcaps.Tests.Net.Tls;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Features;

/// <summary>What TLS negotiated, read through <see cref="ConnectionFeatures.GetTlsInfo"/> without a cast.</summary>
public class TlsInfoTests
{
    [Fact]
    public async Task Both_ends_see_protocol_cipher_alpn_and_the_peer_certificate()
    {
        var alpn = new List<SslApplicationProtocol> { SslApplicationProtocol.Http2, SslApplicationProtocol.Http11 };
        var client = TestCertificates.ClientOptions();
        client.ApplicationProtocols = alpn;
        client.ClientCertificates = [TestCertificates.Client];
        var server = TestCertificates.ServerOptions();
        server.ApplicationProtocols = alpn;
        server.ClientCertificateRequired = true;
        server.CertificateChainPolicy = TlsCertificates.TrustOnly(TestCertificates.Authority);
        var (clientEnd, serverEnd, _) = await TlsPair.ConnectAsync(client, server);
        await using (clientEnd)
        await using (serverEnd)
        {
            IConnection clientConnection = clientEnd, serverConnection = serverEnd;
            var seenByClient = clientConnection.GetTlsInfo();
            var seenByServer = serverConnection.GetTlsInfo();

            Assert.NotNull(seenByClient);
            Assert.NotNull(seenByServer);
            Assert.True(seenByClient.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
            Assert.Equal(seenByClient.Protocol, seenByServer.Protocol);
            Assert.Equal(seenByClient.CipherSuite, seenByServer.CipherSuite);
            Assert.Equal(SslApplicationProtocol.Http2, seenByClient.ApplicationProtocol);
            Assert.Equal(SslApplicationProtocol.Http2, seenByServer.ApplicationProtocol);
            Assert.Equal("localhost", seenByClient.TargetHostName);
            Assert.Equal(TestCertificates.Server.Thumbprint, seenByClient.RemoteCertificate?.Thumbprint);
            Assert.Equal(TestCertificates.Client.Thumbprint, seenByServer.RemoteCertificate?.Thumbprint);
            Assert.True(seenByServer.IsMutuallyAuthenticated);
        }
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("memory")]
    public async Task A_connection_without_tls_has_no_tls_info(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            Assert.Null(client.GetTlsInfo());
        }
    }
}
