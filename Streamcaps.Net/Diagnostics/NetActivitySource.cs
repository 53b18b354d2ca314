using System.Diagnostics;

namespace Streamcaps.Net;

/// <summary>The <see cref="StreamcapsNetDiagnostics.ActivitySourceName"/> activity source and the names of its activities.</summary>
internal static class NetActivitySource
{
    public const string ConnectionActivity = "streamcaps.net.connection";
    public const string HandshakeActivity = "streamcaps.net.tls_handshake";

    public static readonly ActivitySource Source = new(StreamcapsNetDiagnostics.ActivitySourceName, typeof(NetActivitySource).Assembly.GetName().Version?.ToString());
}
