namespace Streamcaps.Load.Scenarios;

/// <summary>Round-trip latencies in 1 µs buckets up to <see cref="MaxMicroseconds"/> (slower ones share the
/// last bucket), recorded from many connections at once without allocating.</summary>
internal sealed class LatencyHistogram
{
    private const int MaxMicroseconds = 100_000;
    private readonly long[] _buckets = new long[MaxMicroseconds + 1];

    public void Record(TimeSpan latency)
    {
        var microseconds = (int)Math.Min(latency.Ticks / (TimeSpan.TicksPerMillisecond / 1000), MaxMicroseconds);
        Interlocked.Increment(ref _buckets[microseconds]);
    }

    /// <summary>The latency in µs below which <paramref name="fraction"/> of the round trips fell.</summary>
    public double Percentile(double fraction)
    {
        var total = _buckets.Sum();
        var wanted = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (var microseconds = 0; microseconds < _buckets.Length; microseconds++)
        {
            seen += _buckets[microseconds];
            if (seen >= wanted)
            {
                return microseconds;
            }
        }

        return MaxMicroseconds;
    }
}
