using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>tcp:HOST:PORT</c>: connects; DNS names try every address within the connect timeout.</summary>
internal sealed class TcpAddress : ConnectingAddress
{
    private readonly string _host;
    private readonly int _port;

    public TcpAddress(AddressSpec spec)
        : base(spec) => (_host, _port) = spec.HostAndPort();

    public override async Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken) =>
        RelayEnd.Of(Spec.Text, await Tcp.ConnectAsync(_host, _port, settings.Tcp, cancellationToken).ConfigureAwait(false));
}
