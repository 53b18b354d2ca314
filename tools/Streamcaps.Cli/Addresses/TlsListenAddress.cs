using System.Net;
using System.Net.Security;
using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>tls-listen:PORT,cert=FILE[,key=FILE][,client-ca=FILE][,bind=ADDRESS][,fork][,max=N]</c>: a TLS
/// server; with <c>client-ca=</c> every client must present a certificate issued by that authority (mutual TLS).</summary>
internal sealed class TlsListenAddress : ListeningAddress
{
    private readonly IPEndPoint _endPoint;
    private readonly SslServerAuthenticationOptions _options;
    private readonly TlsConnectionOptions _tls;

    public TlsListenAddress(AddressSpec spec, TlsConnectionOptions tls)
        : base(spec)
    {
        _endPoint = BindEndPoint(spec);
        _tls = tls;
        var certificate = spec.Value("cert") ?? throw new UsageException($"{spec.Text}: a TLS server needs cert=FILE (and key=FILE unless the key is in it)");
        _options = new SslServerAuthenticationOptions { ServerCertificate = CertificateFiles.LoadIdentity(spec, certificate, spec.Value("key")) };
        if (spec.Value("client-ca") is { } clientCa)
        {
            _options.ClientCertificateRequired = true;
            _options.CertificateChainPolicy = TlsCertificates.TrustOnly(CertificateFiles.LoadAuthorities(spec, clientCa));
        }

        if (spec.Values("alpn") is { Count: > 0 } protocols)
        {
            _options.ApplicationProtocols = [.. protocols.Select(protocol => new SslApplicationProtocol(protocol))];
        }
    }

    public override Task<Server> ListenAsync(TcpServerOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken) =>
        Tls.ListenAsync(_endPoint, _options, _tls, options, handler, cancellationToken);
}
