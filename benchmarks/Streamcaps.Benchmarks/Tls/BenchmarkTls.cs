using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Streamcaps.Net;

namespace Streamcaps.Benchmarks.Tls;

/// <summary>The certificate and options every TLS benchmark uses, so both sides of a comparison negotiate the
/// same protocol and cipher suite.</summary>
internal static class BenchmarkTls
{
    public static X509Certificate2 Certificate { get; } = TlsCertificates.CreateSelfSigned("localhost");

    public static SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificate = Certificate,
        EnabledSslProtocols = SslProtocols.Tls13,
    };

    public static SslClientAuthenticationOptions ClientOptions() => new()
    {
        TargetHost = "localhost",
        EnabledSslProtocols = SslProtocols.Tls13,
        CertificateChainPolicy = TlsCertificates.TrustOnly(Certificate),
    };
}
