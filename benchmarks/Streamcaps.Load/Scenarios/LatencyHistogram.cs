namespace Streamcaps.Load.Scenarios;

/// <summary>Round-trip latencies in 1 µs buckets up to <see cref="FineMicroseconds"/> (100 ms), then in 1 ms
/// buckets up to <see cref="MaxMicroseconds"/> (10 s; slower ones share the last bucket), recorded from many
/// connections at once without allocating. Thousands of connections in flight on 2 cores wait hundreds of
/// milliseconds per round trip, which the coarse buckets still tell apart.</summary>
internal sealed class LatencyHistogram
{
    private const int FineMicroseconds = 100_000;
    private const int CoarseBucketMicroseconds = 1_000;
    private const int MaxMicroseconds = 10_000_000;
    private readonly long[] _buckets = new long[FineMicroseconds + ((MaxMicroseconds - FineMicroseconds) / CoarseBucketMicroseconds) + 1];

    public void Record(TimeSpan latency)
    {
        var microseconds = (int)Math.Min(latency.Ticks / (TimeSpan.TicksPerMillisecond / 1000), MaxMicroseconds);
        var bucket = microseconds < FineMicroseconds ? microseconds : FineMicroseconds + ((microseconds - FineMicroseconds) / CoarseBucketMicroseconds);
        Interlocked.Increment(ref _buckets[bucket]);
    }

    /// <summary>The latency in µs below which <paramref name="fraction"/> of the round trips fell.</summary>
    public double Percentile(double fraction)
    {
        var total = _buckets.Sum();
        var wanted = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (var bucket = 0; bucket < _buckets.Length; bucket++)
        {
            seen += _buckets[bucket];
            if (seen >= wanted)
            {
                return bucket < FineMicroseconds ? bucket : FineMicroseconds + ((bucket - FineMicroseconds) * (double)CoarseBucketMicroseconds);
            }
        }

        return MaxMicroseconds;
    }
}
