using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary>The connection options the command line sets for every address it opens.</summary>
internal sealed record ConnectionSettings(TcpConnectionOptions Tcp, TlsConnectionOptions Tls, bool Verbose);
