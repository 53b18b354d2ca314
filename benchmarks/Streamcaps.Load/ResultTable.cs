using System.Globalization;
using Streamcaps.Load.Scenarios;

namespace Streamcaps.Load;

/// <summary>Collects the measurements of every server over several rounds and prints them as a markdown table:
/// each figure is the median of its rounds, with its ratio to the baseline server's median for the same metric,
/// and the lowest and highest ratio of a single round (against the baseline in that round), which shows how
/// far one run can stray.</summary>
internal sealed class ResultTable(string baseline)
{
    private readonly List<(string Server, int Round, Measurement Measurement)> _rows = [];

    public void Add(string server, int round, IEnumerable<Measurement> measurements) =>
        _rows.AddRange(measurements.Select(m => (server, round, m)));

    public void Print(TextWriter output)
    {
        var medians = _rows
            .GroupBy(r => (r.Measurement.Metric, r.Server))
            .Select(g => (g.Key.Server, Measurement: g.First().Measurement with { Value = Median(g.Select(r => r.Measurement.Value)) }))
            .ToList();
        output.WriteLine($"| metric | server | median | vs {baseline} | one round, lowest–highest |");
        output.WriteLine("|---|---|---:|---:|---:|");
        foreach (var (server, m) in medians)
        {
            var reference = medians.FirstOrDefault(r => r.Server == baseline && r.Measurement.Metric == m.Metric).Measurement;
            var ratio = reference is null || reference.Value == 0 ? "" : Format(Ratio(m, reference));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m.Metric} | {server} | {m.Value:0.##} {m.Unit} | {ratio} | {RoundRange(server, m.Metric)} |"));
        }
    }

    private string RoundRange(string server, string metric)
    {
        var ratios = (
            from r in _rows
            where r.Server == server && r.Measurement.Metric == metric
            join b in _rows on (r.Round, metric) equals (b.Round, b.Measurement.Metric)
            where b.Server == baseline && b.Measurement.Value != 0
            select Ratio(r.Measurement, b.Measurement)).ToList();
        return ratios.Count == 0 ? "" : $"{Format(ratios.Min())}–{Format(ratios.Max())}";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Higher is better for throughput, lower for latency and memory; either way a ratio above 1 means
    /// better than the baseline.</summary>
    private static double Ratio(Measurement m, Measurement reference) =>
        m.HigherIsBetter ? m.Value / reference.Value : reference.Value / Math.Max(m.Value, double.Epsilon);

    private static string Format(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}×");
}
