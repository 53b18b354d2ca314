using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Streamcaps.Net;

namespace Streamcaps.Tests.Diagnostics;

/// <summary>
/// A <see cref="MeterListener"/> on the Streamcaps.Net meter that keeps the measurements of one server (those
/// tagged with its <c>server.port</c>), so tests running in parallel never see each other's connections.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measurements = new();
    private int _port = -1;

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamcapsNetDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Keeps only the measurements of the server on this port.</summary>
    public int Port
    {
        set => _port = value;
    }

    public IEnumerable<Measured> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument);

    public double Sum(string instrument) => Of(instrument).Sum(m => m.Value);

    /// <summary>Waits, bounded, until <paramref name="condition"/> holds (measurements arrive from server threads).</summary>
    public async Task WaitUntilAsync(Func<MetricsRecorder, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {timeout}; measured: {string.Join("; ", _measurements)}");
            await Task.Delay(10);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagged = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            tagged[tag.Key] = tag.Value;
        }

        if (tagged.TryGetValue("server.port", out var port) && port is int p && p == _port)
        {
            _measurements.Enqueue(new Measured(instrument.Name, value, tagged));
        }
    }
}

internal sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public override string ToString() => $"{Instrument}={Value} {{{string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}}}";
}
