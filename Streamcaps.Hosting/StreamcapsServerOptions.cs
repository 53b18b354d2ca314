namespace Streamcaps.Hosting;

/// <summary>
/// A hosted server's settings, bound from the configuration section named after the server (command line
/// <c>--Echo:Port=9000</c>, <c>appsettings.json</c>, environment <c>Echo__Port</c>) and validated when the
/// host starts: a bad value stops the start with a message that names the option and the value. Unset
/// limits keep the defaults of <see cref="Streamcaps.Net.TcpServerOptions"/> and
/// <see cref="Streamcaps.Net.TcpConnectionOptions"/>.
/// </summary>
public sealed class StreamcapsServerOptions
{
    /// <summary>The IP address to listen on. Default: <c>127.0.0.1</c> (loopback only); <c>::</c> listens on every
    /// IPv6 and IPv4 address, <c>0.0.0.0</c> on every IPv4 one.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port, 0 to 65535; 0 picks a free one (read it from <see cref="StreamcapsHostedServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; }

    /// <summary><see cref="Streamcaps.Net.TcpServerOptions.MaxConnections"/>: connections beyond it are reset at once.</summary>
    public int? MaxConnections { get; set; }

    /// <summary><see cref="Streamcaps.Net.TcpServerOptions.Backlog"/>.</summary>
    public int? Backlog { get; set; }

    /// <summary><see cref="Streamcaps.Net.TcpConnectionOptions.IdleReadTimeout"/> (for example <c>00:00:30</c>).</summary>
    public TimeSpan? IdleReadTimeout { get; set; }

    /// <summary><see cref="Streamcaps.Net.TcpConnectionOptions.ReceiveBufferSize"/>, in bytes.</summary>
    public int? ReceiveBufferSize { get; set; }

    /// <summary><see cref="Streamcaps.Net.TcpConnectionOptions.MaxReceiveBufferSize"/>, in bytes.</summary>
    public int? MaxReceiveBufferSize { get; set; }

    /// <summary>TLS: when set, every connection runs the server handshake before its handler.</summary>
    public StreamcapsTlsOptions? Tls { get; set; }
}
