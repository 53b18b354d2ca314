using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Streamcaps.Net;

/// <summary>Loads and makes the certificates a TLS server or client needs, and builds a trust policy for a
/// private authority.</summary>
public static class TlsCertificates
{
    /// <summary>The validity of a certificate made by <see cref="CreateSelfSigned"/> unless told otherwise: 30 days.</summary>
    public static readonly TimeSpan DefaultSelfSignedValidity = TimeSpan.FromDays(30);

    /// <summary>Loads a certificate and its private key from PEM files (<c>-----BEGIN CERTIFICATE-----</c>,
    /// and an RSA, EC or PKCS#8 private key, optionally encrypted).</summary>
    /// <param name="certificatePath">The certificate file. Further certificates after the first (the chain)
    /// are ignored; pass them through <see cref="System.Net.Security.SslStreamCertificateContext"/> if needed.</param>
    /// <param name="keyPath">The private key file, or <see langword="null"/> when the key is in
    /// <paramref name="certificatePath"/> too.</param>
    /// <param name="password">The key's password when it is encrypted, else <see langword="null"/>.</param>
    /// <returns>A certificate with its private key, usable as a server or client certificate.</returns>
    /// <exception cref="CryptographicException">A file holds no certificate or no matching key, or the
    /// password is wrong.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static X509Certificate2 LoadPem(string certificatePath, string? keyPath = null, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        using var loaded = password is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        return Persist(loaded);
    }

    /// <summary>Loads the certificates of a certificate-only PEM file (<c>-----BEGIN CERTIFICATE-----</c> blocks,
    /// no key): a private authority's certificate, or a bundle of them, to trust with
    /// <c>TrustOnly(TlsCertificates.LoadPemCertificates("ca.pem"))</c>. Text around the blocks is ignored.</summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>Every certificate in the file, in order.</returns>
    /// <exception cref="CryptographicException">The file holds no certificate, or a block that is not a valid one;
    /// the message names the file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static X509Certificate2[] LoadPemCertificates(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (CryptographicException failure)
        {
            throw new CryptographicException($"'{path}' holds a PEM certificate block that is not a valid certificate: {failure.Message}", failure);
        }

        return certificates.Count > 0
            ? [.. certificates]
            : throw new CryptographicException($"'{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    /// <summary>Loads a certificate and its private key from a PKCS#12 (.pfx, .p12) file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">The file's password, or <see langword="null"/> when it has none.</param>
    /// <exception cref="CryptographicException">The file is not PKCS#12 or the password is wrong.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static X509Certificate2 LoadPfx(string path, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    /// <summary>Makes a self-signed server certificate (ECDSA P-256) for <paramref name="hostName"/>, also
    /// valid for <c>localhost</c>, 127.0.0.1 and ::1: for samples, tests and development servers. Clients
    /// trust it only when told to (<see cref="TrustOnly"/>).</summary>
    /// <param name="hostName">The name the certificate is for.</param>
    /// <param name="validity">How long it is valid from now; <see langword="null"/> for <see cref="DefaultSelfSignedValidity"/>.</param>
    public static X509Certificate2 CreateSelfSigned(string hostName = "localhost", TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + (validity ?? DefaultSelfSignedValidity));
        return Persist(created);
    }

    /// <summary>A chain policy that trusts exactly <paramref name="authorities"/> and nothing from the system
    /// store: set it as <see cref="System.Net.Security.SslClientAuthenticationOptions.CertificateChainPolicy"/>
    /// to accept servers of a private authority (or a self-signed server certificate) with every other check
    /// (dates, host name) still on.</summary>
    /// <param name="authorities">The root certificates to trust.</param>
    /// <exception cref="ArgumentException">No authority was given.</exception>
    public static X509ChainPolicy TrustOnly(params X509Certificate2[] authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (authorities.Length == 0)
        {
            throw new ArgumentException("Name at least one authority to trust.", nameof(authorities));
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }

    /// <summary>Round-trips through PKCS#12 so the private key is usable by SslStream on every platform
    /// (Windows cannot use the ephemeral keys PEM loading and CreateSelfSigned produce).</summary>
    private static X509Certificate2 Persist(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
}
