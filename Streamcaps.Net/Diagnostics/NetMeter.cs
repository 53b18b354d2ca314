using System.Diagnostics.Metrics;

namespace Streamcaps.Net;

/// <summary>
/// The instruments of the <see cref="StreamcapsNetDiagnostics.MeterName"/> meter, one set per process as
/// Npgsql's and NATS.Net's are: servers tell their measurements apart by their <c>server.address</c> and
/// <c>server.port</c> tags.
/// </summary>
internal static class NetMeter
{
    /// <summary>Bucket bounds for connection durations, in seconds: Kestrel's advice, from 10 ms to 5 min.</summary>
    private static readonly double[] ConnectionDurationBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    /// <summary>Bucket bounds for TLS handshake durations, in seconds: from 1 ms to 10 s.</summary>
    private static readonly double[] HandshakeDurationBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    public static readonly Meter Meter = new(StreamcapsNetDiagnostics.MeterName, typeof(NetMeter).Assembly.GetName().Version?.ToString());

    public static readonly UpDownCounter<long> ActiveConnections = Meter.CreateUpDownCounter<long>(
        "streamcaps.net.active_connections", "{connection}", "Number of connections a server is handling now.");

    public static readonly Histogram<double> ConnectionDuration = Meter.CreateHistogram(
        "streamcaps.net.connection.duration", "s", "Duration of connections a server handled, from accept to close.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ConnectionDurationBuckets });

    public static readonly Counter<long> RejectedConnections = Meter.CreateCounter<long>(
        "streamcaps.net.rejected_connections", "{connection}", "Number of connections reset at once because the server ran its maximum.");

    public static readonly Counter<long> BytesRead = Meter.CreateCounter<long>(
        "streamcaps.net.connection.bytes_read", "By", "Bytes received on a server's connections (for TLS, the encrypted bytes).");

    public static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>(
        "streamcaps.net.connection.bytes_written", "By", "Bytes sent on a server's connections (for TLS, the encrypted bytes).");

    public static readonly Histogram<double> HandshakeDuration = Meter.CreateHistogram(
        "streamcaps.net.tls_handshake.duration", "s", "Duration of TLS handshakes on a server's connections; failed ones carry error.type.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HandshakeDurationBuckets });

    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(
        "streamcaps.net.timeouts", "{timeout}", "Number of timeouts that ended a wait on a server's connections, by streamcaps.timeout.kind.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "streamcaps.net.errors", "{error}", "Number of failures a server absorbed, by error.type and streamcaps.failure.kind.");
}
