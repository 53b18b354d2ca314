using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Streamcaps.Net;

/// <summary>What a TLS handshake negotiated, read from any connection without a cast:
/// <c>connection.GetTlsInfo()</c> (see <see cref="ConnectionFeatures.GetTlsInfo"/>). Implemented by
/// <see cref="TlsConnection"/>. The values are fixed once the handshake is done.</summary>
public interface ITlsConnectionInfo
{
    /// <summary>The negotiated protocol version (<see cref="SslProtocols.Tls12"/>, <see cref="SslProtocols.Tls13"/>).</summary>
    SslProtocols Protocol { get; }

    /// <summary>The negotiated cipher suite.</summary>
    TlsCipherSuite CipherSuite { get; }

    /// <summary>The application protocol agreed through ALPN, or <see langword="default"/> when none was.</summary>
    SslApplicationProtocol ApplicationProtocol { get; }

    /// <summary>The server name the client asked for (SNI), seen from either side.</summary>
    string TargetHostName { get; }

    /// <summary>Whether both sides presented a certificate (mutual TLS).</summary>
    bool IsMutuallyAuthenticated { get; }

    /// <summary>The peer's certificate, or <see langword="null"/> when it sent none. A copy the caller may keep.</summary>
    X509Certificate2? RemoteCertificate { get; }
}
