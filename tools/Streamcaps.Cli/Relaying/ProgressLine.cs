using System.Diagnostics;
using System.Globalization;

namespace Streamcaps.Cli.Relaying;

/// <summary>The progress line on stderr when stderr is a terminal: bytes each way, the rate, the time
/// elapsed; redrawn in place with a carriage return and ANSI erase-line, and left on its own line at the end.</summary>
internal static class ProgressLine
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Draws until <paramref name="cancellationToken"/> is cancelled, then draws once more and ends the line.</summary>
    public static async Task DrawAsync(Traffic traffic, TextWriter writer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync("\r\u001b[K" + Format(traffic, clock.Elapsed)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await writer.WriteLineAsync("\r\u001b[K" + Format(traffic, clock.Elapsed)).ConfigureAwait(false);
        }
    }

    public static string Format(Traffic traffic, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var rate = (traffic.Forward + traffic.Backward) / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"> {Size(traffic.Forward)}  < {Size(traffic.Backward)}  {Size(rate)}/s  {elapsed:hh\\:mm\\:ss}");
    }

    private static string Size(double bytes) => bytes switch
    {
        >= 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 30):0.0} GiB"),
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.0} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B"),
    };
}
