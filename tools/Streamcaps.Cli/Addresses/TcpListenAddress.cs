using System.Net;
using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>tcp-listen:PORT[,bind=ADDRESS][,fork][,max=N]</c>.</summary>
internal sealed class TcpListenAddress : ListeningAddress
{
    private readonly IPEndPoint _endPoint;

    public TcpListenAddress(AddressSpec spec)
        : base(spec) => _endPoint = BindEndPoint(spec);

    public override Task<Server> ListenAsync(TcpServerOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken) =>
        Tcp.ListenAsync(_endPoint, options, handler, cancellationToken);
}
