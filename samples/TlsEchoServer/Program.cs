// The one-line echo server of DESIGN.md over TLS, with a self-signed certificate made at start-up.
// Usage: TlsEchoServer [port] [certificate.pem]   (default port 9443; 0 picks a free port). The optional
// path receives the certificate (PEM) so clients can trust it:
//   openssl s_client -connect 127.0.0.1:9443 -CAfile certificate.pem -verify_hostname localhost -quiet
// Runs until Ctrl+C (SIGINT) or SIGTERM, then closes the connections still open.
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Samples;

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9443;
using var certificate = TlsCertificates.CreateSelfSigned("localhost");
if (args.Length > 1)
{
    await File.WriteAllTextAsync(args[1], certificate.ExportCertificatePem());
}

var tcp = new TcpServerOptions
{
    // A client that fails its handshake (or is no TLS client at all) costs its connection only; say so.
    OnFailure = failure => Console.Error.WriteLine($"{failure.RemoteEndPoint}: {failure.Kind} failed: {failure.Exception.Message}"),
};
await using var server = await Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, port),
    new SslServerAuthenticationOptions { ServerCertificate = certificate }, TlsConnectionOptions.Default, tcp,
    c => Flow.RunAsync(c.Source, c.Sink));

Console.WriteLine($"certificate sha256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}");
Console.WriteLine($"listening on {server.LocalEndPoint}");

await ShutdownSignal.WaitAsync();
Console.WriteLine("stopping");
