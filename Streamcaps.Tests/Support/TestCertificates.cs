using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Streamcaps.Tests.Support;

/// <summary>
/// Certificates made in the test process (ECDSA P-256, fast to generate): a private authority and what it
/// issued — a server certificate for localhost, an expired one, one for the wrong name, a client certificate —
/// plus a self-signed server certificate no one trusts. Made once per test run and shared (read-only).
/// </summary>
public static class TestCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly Lazy<X509Certificate2> s_authority = new(() => CreateAuthority("CN=Streamcaps Test Authority"));
    private static readonly Lazy<X509Certificate2> s_server = new(() => Issue("CN=localhost", ServerAuth, valid: true, "localhost"));
    private static readonly Lazy<X509Certificate2> s_expired = new(() => Issue("CN=localhost", ServerAuth, valid: false, "localhost"));
    private static readonly Lazy<X509Certificate2> s_wrongName = new(() => Issue("CN=other.example", ServerAuth, valid: true, "other.example"));
    private static readonly Lazy<X509Certificate2> s_client = new(() => Issue("CN=test client", ClientAuth, valid: true, dnsName: null));
    private static readonly Lazy<X509Certificate2> s_selfSigned = new(() => Streamcaps.Net.TlsCertificates.CreateSelfSigned("localhost"));

    /// <summary>The private authority that issued every certificate here except <see cref="SelfSigned"/>.</summary>
    public static X509Certificate2 Authority => s_authority.Value;

    /// <summary>A valid server certificate for localhost, 127.0.0.1 and ::1.</summary>
    public static X509Certificate2 Server => s_server.Value;

    /// <summary>A server certificate for localhost that expired yesterday.</summary>
    public static X509Certificate2 Expired => s_expired.Value;

    /// <summary>A valid server certificate for other.example only.</summary>
    public static X509Certificate2 WrongName => s_wrongName.Value;

    /// <summary>A valid client certificate (client authentication usage).</summary>
    public static X509Certificate2 Client => s_client.Value;

    /// <summary>A self-signed server certificate for localhost that the authority did not issue.</summary>
    public static X509Certificate2 SelfSigned => s_selfSigned.Value;

    /// <summary>Client options that trust only <see cref="Authority"/>, for <c>localhost</c>.</summary>
    public static SslClientAuthenticationOptions ClientOptions(string targetHost = "localhost") => new()
    {
        TargetHost = targetHost,
        CertificateChainPolicy = Streamcaps.Net.TlsCertificates.TrustOnly(Authority),
    };

    /// <summary>Server options presenting <paramref name="certificate"/> (default <see cref="Server"/>).</summary>
    public static SslServerAuthenticationOptions ServerOptions(X509Certificate2? certificate = null) => new()
    {
        ServerCertificate = certificate ?? Server,
    };

    private static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(1));
        return Persist(created);
    }

    private static X509Certificate2 Issue(string subject, string usage, bool valid, string? dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (dnsName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
            if (dnsName == "localhost")
            {
                names.AddIpAddress(IPAddress.Loopback);
                names.AddIpAddress(IPAddress.IPv6Loopback);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var (notBefore, notAfter) = valid ? (now.AddDays(-1), now.AddDays(30)) : (now.AddDays(-20), now.AddDays(-1));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(Authority, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Persist(withKey);
    }

    private static X509Certificate2 Persist(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
}
