using System.Security.Cryptography.X509Certificates;

namespace Streamcaps.Hosting;

/// <summary>The TLS settings of a hosted server, bound from the <c>Tls</c> subsection of its configuration
/// section (<c>Echo:Tls:CertificateFile</c>); a server with this section set serves TLS.</summary>
public sealed class StreamcapsTlsOptions
{
    /// <summary>The server certificate: a PEM file (with <see cref="KeyFile"/>, or with its key inside) or a
    /// PKCS#12 file (<c>.pfx</c>, <c>.p12</c>). Required unless <see cref="Certificate"/> is set in code.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>, when it is a file of its own.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The password of an encrypted key or of a PKCS#12 file.</summary>
    public string? Password { get; set; }

    /// <summary>The certificate itself, for code that loads it elsewhere (a vault); wins over
    /// <see cref="CertificateFile"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Whether clients must present a certificate the server trusts. Default: no.</summary>
    public bool ClientCertificateRequired { get; set; }

    /// <summary>How long a handshake may take; default: <see cref="Streamcaps.Net.TlsConnectionOptions.DefaultHandshakeTimeout"/>.</summary>
    public TimeSpan? HandshakeTimeout { get; set; }
}
