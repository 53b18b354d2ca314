using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary>An address that waits for peers: <c>tcp-listen:</c>, <c>tls-listen:</c>, <c>unix-listen:</c>. Without
/// <c>fork</c> it serves one peer and the relay ends with that peer's exchange; with <c>fork</c> it serves every
/// peer, at most <c>max=N</c> at once, until the process is stopped.</summary>
internal abstract class ListeningAddress : Address
{
    protected ListeningAddress(AddressSpec spec)
        : base(spec)
    {
        Fork = spec.Flag("fork");
        MaxConnections = spec.Number("max", 1, 1_000_000);
        if (MaxConnections is not null && !Fork)
        {
            throw new UsageException($"{spec.Text}: max=N limits the peers served at once, which needs fork");
        }
    }

    /// <summary>Serve every peer, each with its own opening of the other address.</summary>
    public bool Fork { get; }

    /// <summary>How many peers are served at once with <see cref="Fork"/>; more are reset.</summary>
    public int? MaxConnections { get; }

    /// <summary>Starts listening; <paramref name="handler"/> runs for each accepted (and, for TLS, authenticated) peer.</summary>
    public abstract Task<Server> ListenAsync(TcpServerOptions options, Func<IConnection, Task> handler, CancellationToken cancellationToken);

    /// <summary>The end point of <c>PORT[,bind=ADDRESS]</c>: every interface (IPv6 and IPv4) unless bound.</summary>
    protected static IPEndPoint BindEndPoint(AddressSpec spec)
    {
        var port = AddressSpec.ParsePort(spec.Target, spec.Text, allowZero: true);
        var bind = spec.Value("bind");
        if (bind is null)
        {
            return new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, port);
        }

        return IPAddress.TryParse(bind.Trim('[', ']'), out var address)
            ? new IPEndPoint(address, port)
            : throw new UsageException($"{spec.Text}: bind={bind} is not an IP address");
    }
}
