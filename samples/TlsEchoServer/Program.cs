// The one-line echo server of DESIGN.md over TLS, with a self-signed certificate for "localhost" made at start-up.
// Usage: TlsEchoServer [port] [certificate.pem]   (default port 9443; 0 picks a free port). The certificate
// (PEM, public part only) is written for clients to trust, to the given path or else to the temporary folder
// ($TMPDIR/streamcaps-tlsecho.pem), never next to the sources; the server prints where:
//   openssl s_client -connect 127.0.0.1:9443 -CAfile /tmp/streamcaps-tlsecho.pem -verify_hostname localhost -quiet
// Ctrl+C (SIGINT) or SIGTERM stops it gracefully (close_notify, then FIN) and exits with 0.
using System.Net.Security;
using System.Security.Cryptography;
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

if (!SampleServer.TryReadPort(args, 0, defaultPort: 9443, out var port))
{
    return SampleServer.UsageError;
}

using var certificate = TlsCertificates.CreateSelfSigned("localhost");
var certificatePath = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "streamcaps-tlsecho.pem"));
try
{
    await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
}
catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"TlsEchoServer: cannot write the certificate to {certificatePath}: {failure.Message}");
    return SampleServer.CannotListen;
}

var tcp = new TcpServerOptions
{
    // A client that fails its handshake (or is no TLS client at all) costs its connection only; say so.
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Kind} failed: {failure.Exception.Message}"),
};

Console.WriteLine($"certificate {certificatePath} sha256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}");
return await SampleServer.RunAsync(port, endPoint => Tls.ListenAsync(endPoint,
    new SslServerAuthenticationOptions { ServerCertificate = certificate }, TlsConnectionOptions.Default, tcp,
    c => Flow.RunAsync(c.Source, c.Sink)));
