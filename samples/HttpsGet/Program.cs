// The m2stream HTTPS GET example: connect with TLS, send a GET, print the response as it arrives.
// Usage: HttpsGet https://host[:port]/path [--ca authority.pem | --insecure]
//   --ca        trust this authority (PEM) instead of the system's: a private PKI or a self-signed server
//   --insecure  accept any server certificate (tests and local experiments only)
// Exit codes: 0 response read to a clean TLS close; 1 usage; 2 connect or handshake failed;
// 3 the connection was cut without close_notify (the response may be truncated).
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Streamcaps;
using Streamcaps.Net;

if (args.Length == 0 || !Uri.TryCreate(args[0], UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
{
    Console.Error.WriteLine("usage: HttpsGet https://host[:port]/path [--ca authority.pem | --insecure]");
    return 1;
}

var options = new SslClientAuthenticationOptions
{
    TargetHost = url.IdnHost,
    ApplicationProtocols = [SslApplicationProtocol.Http11],
};
var ca = Array.IndexOf(args, "--ca");
if (ca > 0 && ca + 1 < args.Length)
{
    options.CertificateChainPolicy = TlsCertificates.TrustOnly(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(args[ca + 1]));
}
else if (args.Contains("--insecure"))
{
#pragma warning disable CA5359 // Asked for explicitly with --insecure.
    options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
}

IConnection connection;
try
{
    connection = await Tls.ConnectAsync(url.Host, url.Port, options);
}
catch (Exception failure) when (failure is SocketException or AuthenticationException or TimeoutException)
{
    Console.Error.WriteLine($"could not connect to {url.Authority}: {failure.Message}");
    return 2;
}

await using var _ = connection;
var tls = (TlsConnection)connection;
Console.Error.WriteLine($"connected to {tls.RemoteEndPoint} with {tls.Protocol}, {tls.CipherSuite}, server certificate {tls.RemoteCertificate?.Subject}");

var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUser-Agent: streamcaps-httpsget\r\nAccept: */*\r\nConnection: close\r\n\r\n";
await connection.Sink.RunAsync(Encoding.ASCII.GetBytes(request));

// The server closes after the response (Connection: close); the source completes on its close_notify.
await using var stdout = Console.OpenStandardOutput();
try
{
    await Flow.RunAsync(connection.Source, new StreamWriterSink(stdout));
}
catch (IOException cut)
{
    Console.Error.WriteLine($"the response may be truncated: {cut.Message}");
    return 3;
}

return 0;

/// <summary>Writes every lent chunk to a stream before the delivery completes, so nothing is copied.</summary>
internal sealed class StreamWriterSink(Stream output) : ISink<ReadOnlyMemory<byte>>
{
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default) =>
        output.WriteAsync(item, cancellationToken);

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask AbortAsync(Exception problem) => default;
}
