namespace Streamcaps.Net;

/// <summary>
/// The names under which Streamcaps.Net reports what its servers do, for the tools that collect it:
/// OpenTelemetry (<c>.AddMeter(StreamcapsNetDiagnostics.MeterName)</c>,
/// <c>.AddSource(StreamcapsNetDiagnostics.ActivitySourceName)</c>), <c>dotnet-counters</c>, or a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>. Logs go to <see cref="TcpServerOptions.LoggerFactory"/>
/// under the category <see cref="LoggerCategory"/>.
/// </summary>
/// <remarks>
/// Nothing is measured or traced until a listener subscribes: with none, each instrument costs a field read
/// and a branch, and a connection starts no activity.
/// </remarks>
public static class StreamcapsNetDiagnostics
{
    /// <summary>The meter of the servers' connections, handshakes, bytes, timeouts and errors: <c>Streamcaps.Net</c>.
    /// Its instruments are named <c>streamcaps.net.*</c>, after Kestrel's <c>kestrel.*</c> and the OpenTelemetry
    /// semantic conventions.</summary>
    public const string MeterName = "Streamcaps.Net";

    /// <summary>The activity source of connection lifetimes (<c>streamcaps.net.connection</c>) and TLS handshakes
    /// (<c>streamcaps.net.tls_handshake</c>): <c>Streamcaps.Net</c>. Opt-in: activities start only when a listener
    /// (an OpenTelemetry tracer provider with <c>AddSource</c>) samples them.</summary>
    public const string ActivitySourceName = "Streamcaps.Net";

    /// <summary>The logger category of server events: <c>Streamcaps.Net.Server</c>.</summary>
    public const string LoggerCategory = "Streamcaps.Net.Server";
}
