using Microsoft.Extensions.Logging;
using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary>The connection options the command line sets for every address it opens, and where the library logs
/// (<c>--verbose</c>: its server events on stderr; otherwise nowhere).</summary>
internal sealed record ConnectionSettings(TcpConnectionOptions Tcp, TlsConnectionOptions Tls, ILoggerFactory? Logging)
{
    public bool Verbose => Logging is not null;
}
