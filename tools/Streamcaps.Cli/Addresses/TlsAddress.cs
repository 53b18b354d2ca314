using System.Net.Security;
using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>tls:HOST:PORT[,ca=FILE][,cert=FILE,key=FILE][,sni=NAME][,alpn=PROTOCOL]...[,verify=0]</c>: TLS over
/// TCP with .NET's TLS. The server's certificate is checked against the system's roots, or only against
/// <c>ca=</c>; its name against <c>sni=</c> or HOST. <c>verify=0</c> turns the check off, and says so on stderr.</summary>
internal sealed class TlsAddress : ConnectingAddress
{
    private readonly string _host;
    private readonly int _port;
    private readonly SslClientAuthenticationOptions _options;
    private readonly bool _unverified;

    public TlsAddress(AddressSpec spec)
        : base(spec)
    {
        (_host, _port) = spec.HostAndPort();
        _options = new SslClientAuthenticationOptions { TargetHost = spec.Value("sni") ?? _host };
        if (spec.Value("ca") is { } ca)
        {
            _options.CertificateChainPolicy = TlsCertificates.TrustOnly(CertificateFiles.LoadAuthorities(spec, ca));
        }

        var key = spec.Value("key");
        if (spec.Value("cert") is { } certificate)
        {
            _options.ClientCertificates = [CertificateFiles.LoadIdentity(spec, certificate, key)];
        }
        else if (key is not null)
        {
            throw new UsageException($"{spec.Text}: key= needs cert=");
        }

        if (spec.Values("alpn") is { Count: > 0 } protocols)
        {
            _options.ApplicationProtocols = [.. protocols.Select(protocol => new SslApplicationProtocol(protocol))];
        }

        _unverified = spec.Value("verify") switch
        {
            null or "1" => false,
            "0" => true,
            var other => throw new UsageException($"{spec.Text}: verify={other} must be 0 or 1"),
        };
        if (_unverified)
        {
#pragma warning disable CA5359 // verify=0 is the user's explicit request, announced on stderr at every connect.
            _options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
    }

    public override async Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (_unverified)
        {
            await Console.Error.WriteLineAsync(
                $"streamcaps: WARNING: verify=0: the certificate of {_host}:{_port} is NOT checked; anyone on the path can read and change this connection").ConfigureAwait(false);
        }

        var connection = await Tls.ConnectAsync(_host, _port, _options, settings.Tls, settings.Tcp, cancellationToken).ConfigureAwait(false);
        return RelayEnd.Of(Spec.Text, connection);
    }
}
