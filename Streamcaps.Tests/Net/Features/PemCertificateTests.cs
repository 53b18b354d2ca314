using System.Security.Cryptography;
using Streamcaps.Net;
using Streamcaps.Tests.Net.Tls;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Features;

/// <summary>m2stream's CA from a certificate-only PEM: <see cref="TlsCertificates.LoadPemCertificates"/>.</summary>
public sealed class PemCertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamcaps-pem-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_ca_loaded_from_a_certificate_only_pem_is_trusted_for_the_handshake()
    {
        var path = Write("ca.pem", "# our private authority\n" + TestCertificates.Authority.ExportCertificatePem() + "\n");

        var loaded = Assert.Single(TlsCertificates.LoadPemCertificates(path));
        Assert.Equal(TestCertificates.Authority.Thumbprint, loaded.Thumbprint);
        Assert.False(loaded.HasPrivateKey);

        var client = TestCertificates.ClientOptions();
        client.CertificateChainPolicy = TlsCertificates.TrustOnly(TlsCertificates.LoadPemCertificates(path));
        var (clientEnd, serverEnd, _) = await TlsPair.ConnectAsync(client);
        await clientEnd.DisposeAsync();
        await serverEnd.DisposeAsync();
    }

    [Fact]
    public void A_bundle_gives_every_certificate_in_order()
    {
        var path = Write("bundle.pem", TestCertificates.Authority.ExportCertificatePem() + "\n" + TestCertificates.SelfSigned.ExportCertificatePem());

        var loaded = TlsCertificates.LoadPemCertificates(path);

        Assert.Equal([TestCertificates.Authority.Thumbprint, TestCertificates.SelfSigned.Thumbprint], loaded.Select(c => c.Thumbprint));
    }

    [Fact]
    public void A_pem_without_a_certificate_is_rejected_naming_the_file()
    {
        using var key = ECDsa.Create();
        var path = Write("key-only.pem", key.ExportPkcs8PrivateKeyPem());

        var rejected = Assert.Throws<CryptographicException>(() => TlsCertificates.LoadPemCertificates(path));
        Assert.Contains(path, rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_FileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => TlsCertificates.LoadPemCertificates(Path.Combine(_directory, "absent.pem")));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
