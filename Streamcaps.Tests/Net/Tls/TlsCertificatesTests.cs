using System.Net.Security;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Tls;

public sealed class TlsCertificatesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("streamcaps-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Pem_certificate_and_key_files_load_into_a_usable_server_certificate()
    {
        var certificatePath = Path.Combine(_folder, "server.crt");
        var keyPath = Path.Combine(_folder, "server.key");
        await File.WriteAllTextAsync(certificatePath, TestCertificates.Server.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, TestCertificates.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var loaded = TlsCertificates.LoadPem(certificatePath, keyPath);

        Assert.True(loaded.HasPrivateKey);
        await AssertServesAsync(loaded);
    }

    [Fact]
    public async Task Encrypted_pem_key_loads_with_its_password()
    {
        var certificatePath = Path.Combine(_folder, "server.crt");
        var keyPath = Path.Combine(_folder, "server.key");
        await File.WriteAllTextAsync(certificatePath, TestCertificates.Server.ExportCertificatePem());
        var encrypted = TestCertificates.Server.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("secret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        await File.WriteAllTextAsync(keyPath, encrypted);

        var loaded = TlsCertificates.LoadPem(certificatePath, keyPath, password: "secret");

        Assert.True(loaded.HasPrivateKey);
        Assert.ThrowsAny<CryptographicException>(() => TlsCertificates.LoadPem(certificatePath, keyPath, password: "wrong"));
    }

    [Fact]
    public async Task Pfx_file_loads_into_a_usable_server_certificate()
    {
        var path = Path.Combine(_folder, "server.pfx");
        await File.WriteAllBytesAsync(path, TestCertificates.Server.Export(X509ContentType.Pkcs12, "pfx password"));

        var loaded = TlsCertificates.LoadPfx(path, "pfx password");

        Assert.Equal(TestCertificates.Server.Thumbprint, loaded.Thumbprint);
        await AssertServesAsync(loaded);
    }

    [Fact]
    public async Task Self_signed_certificate_serves_clients_that_trust_it()
    {
        var certificate = TlsCertificates.CreateSelfSigned("example.test");
        var client = new SslClientAuthenticationOptions
        {
            TargetHost = "example.test",
            CertificateChainPolicy = TlsCertificates.TrustOnly(certificate),
        };

        var (c, s, _) = await TlsPair.ConnectAsync(client, new SslServerAuthenticationOptions { ServerCertificate = certificate });
        await using var _c = c;
        await using var _s = s;

        Assert.Equal(certificate.Thumbprint, c.RemoteCertificate?.Thumbprint);
    }

    [Fact]
    public void Trust_policy_needs_at_least_one_authority()
    {
        Assert.Throws<ArgumentException>(() => TlsCertificates.TrustOnly());
    }

    [Fact]
    public void Missing_pem_file_fails_with_FileNotFoundException()
    {
        Assert.ThrowsAny<FileNotFoundException>(() => TlsCertificates.LoadPem(Path.Combine(_folder, "absent.crt")));
    }

    [Fact]
    public void Connect_copies_every_client_option_when_it_fills_in_the_host()
    {
        // Tls.ConnectAsync copies the caller's options to set TargetHost; a property added to .NET later must
        // not be dropped silently by that copy.
        var copier = typeof(Streamcaps.Net.Tls).Assembly.GetType("Streamcaps.Net.TlsOptionsCopy", throwOnError: true)!
            .GetMethod("WithTargetHost", BindingFlags.Public | BindingFlags.Static)!;
        var settable = typeof(SslClientAuthenticationOptions).GetProperties()
            .Where(p => p.CanWrite && p.Name != nameof(SslClientAuthenticationOptions.TargetHost))
            .Select(p => p.Name)
            .ToList();
        var source = new SslClientAuthenticationOptions
        {
            AllowRenegotiation = false,
            AllowTlsResume = false,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = TlsCertificates.TrustOnly(TestCertificates.Authority),
            CertificateRevocationCheckMode = X509RevocationMode.Offline,
            ClientCertificates = [TestCertificates.Client],
            ClientCertificateContext = SslStreamCertificateContext.Create(TestCertificates.Client, null),
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
            LocalCertificateSelectionCallback = (_, _, _, _, _) => TestCertificates.Client,
            RemoteCertificateValidationCallback = (_, _, _, errors) => errors == SslPolicyErrors.None,
        };
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            source.AllowRsaPkcs1Padding = false;
            source.AllowRsaPssPadding = false;
        }

        var copy = (SslClientAuthenticationOptions)copier.Invoke(null, [source, "host.example"])!;

        Assert.Equal("host.example", copy.TargetHost);
        foreach (var name in settable)
        {
            var property = typeof(SslClientAuthenticationOptions).GetProperty(name)!;
            Assert.True(Equals(property.GetValue(source), property.GetValue(copy)), $"{name} was not copied");
        }
    }

    private static async Task AssertServesAsync(X509Certificate2 certificate)
    {
        var (client, server, _) = await TlsPair.ConnectAsync(server: new SslServerAuthenticationOptions { ServerCertificate = certificate });
        await using var _c = client;
        await using var _s = server;
        Assert.Equal(TestCertificates.Server.Thumbprint, client.RemoteCertificate?.Thumbprint);
    }
}
