using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>unix-listen:PATH[,fork][,max=N]</c>: creates the socket file and removes it when it stops.</summary>
internal sealed class UnixListenAddress : ListeningAddress
{
    public UnixListenAddress(AddressSpec spec)
        : base(spec) => UnixAddress.RequirePath(spec);

    public override Task<Server> ListenAsync(TcpServerOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken) =>
        Unix.ListenAsync(Spec.Target, options, handler, cancellationToken);
}
