using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary>Loads the PEM files named by <c>cert=</c>, <c>key=</c>, <c>ca=</c> and <c>client-ca=</c>, turning an
/// unreadable file into one usage line instead of a stack trace.</summary>
internal static class CertificateFiles
{
    /// <summary>A certificate with its private key (<c>cert=</c>, with <c>key=</c> or the key in the same file).</summary>
    public static X509Certificate2 LoadIdentity(AddressSpec spec, string certificate, string? key) =>
        Load(spec, certificate, () => TlsCertificates.LoadPem(certificate, key));

    /// <summary>The certificate authorities in a certificate-only PEM file (<c>ca=</c>, <c>client-ca=</c>).</summary>
    public static X509Certificate2[] LoadAuthorities(AddressSpec spec, string path) =>
        Load(spec, path, () => TlsCertificates.LoadPemCertificates(path));

    private static T Load<T>(AddressSpec spec, string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new UsageException($"{spec.Text}: cannot read certificate '{path}': {failure.Message}", failure);
        }
    }
}
