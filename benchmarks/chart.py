#!/usr/bin/env python3
"""Draws BenchmarkDotNet results as an SVG bar chart for the README (no packages beyond Python's standard library).

Usage (from the repository root, after a benchmark run):

    python3 benchmarks/chart.py                       # what benchmarks/run-all.sh wrote to benchmarks/results
    python3 benchmarks/chart.py --results DIR         # what benchmarks/run-all.sh DIR wrote
    python3 benchmarks/chart.py REPORT.csv [...] -o OUT.svg

Each *-report.csv becomes one panel: a horizontal bar per benchmark method (per method and parameter value for
a benchmark with [Params]), its length the mean time per item on a logarithmic axis (the peers span three orders
of magnitude), labelled with the time, the bytes allocated per item and how many times slower than Streamcaps it
is. The Streamcaps bar is drawn in the accent colour. From a results directory it draws, in this order and where
present: the two-maps comparison, the flow's cost from 1K to 100M items, merge and broadcast, and the HTTP
sample against Kestrel and the Socket loop (from benchmarks/http-wrk.sh's HTTP_WRK_CSV, as time per request, the
inverse of requests/s, so it shares the axis).
"""

import argparse
import csv
import html
import math
import os
import sys

RESULTS = "BenchmarkDotNet.Artifacts/results"
DEFAULT_REPORTS = [f"{RESULTS}/Streamcaps.Benchmarks.Flows.TwoMapsBenchmark-report.csv"]
DEFAULT_RESULTS_DIR = "benchmarks/results"
DEFAULT_OUTPUT = "benchmarks/results-chart.svg"
# What benchmarks/run-all.sh writes, relative to its output directory, in the order the chart shows it.
RUN_ALL_REPORTS = [
    "bdn-flow/results/Streamcaps.Benchmarks.Flows.TwoMapsBenchmark-report.csv",
    "bdn-flow-scaling/results/Streamcaps.Benchmarks.Flows.FlowScalingBenchmark-report.csv",
    "bdn-fan/results/Streamcaps.Benchmarks.Composition.MergeBenchmarks-report.csv",
    "bdn-fan/results/Streamcaps.Benchmarks.Composition.BroadcastBenchmarks-report.csv",
]
RUN_ALL_HTTP = "http-wrk.csv"
# The last job column of a BenchmarkDotNet CSV: the columns after it, up to Mean, are the benchmark's [Params].
LAST_JOB_COLUMN = "WarmupCount"

# What the README reader knows each method as; methods not listed are shown by their own name.
LABELS = {
    "StreamcapsPumps": "Streamcaps",
    "StreamcapsLinq": "Streamcaps, LINQ form",
    "LinqAsync": "LINQ over IAsyncEnumerable",
    "AkkaStreams": "Akka.NET Streams 1.5.75",
    "Channels": "Channels, bounded stages",
    "Dataflow": "TPL Dataflow",
    "PlainLoop": "plain for loop (no library)",
    "streamcaps": "HttpServer sample (Streamcaps)",
    "kestrel": "Kestrel, app.Run",
    "kestrel-workstation-gc": "Kestrel, workstation GC",
    "socket-loop": "hand-written Socket loop",
}
TITLES = {
    "TwoMapsBenchmark": "source \u2192 map \u2192 map \u2192 summing sink, ns per item (log scale)",
    "MergeBenchmarks": "merge of 4 sources into one summing sink, ns per item (log scale)",
    "BroadcastBenchmarks": "broadcast to 4 summing sinks, ns per item (log scale)",
    "FlowScalingBenchmark": "source \u2192 map \u2192 map \u2192 sink by items per flow, ns per item (log scale)",
    "http": "HTTP GET / under wrk, same run: time per request = 1 / (requests/s) (log scale)",
}
# The method every ratio is taken against: the first one whose name starts with "Streamcaps" (any case).
REFERENCE_PREFIX = "streamcaps"
FLOOR_METHODS = ("PlainLoop",)

TIME_UNITS = {"ns": 1.0, "\u03bcs": 1e3, "us": 1e3, "\u00b5s": 1e3, "ms": 1e6, "s": 1e9}
SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}

WIDTH = 920
LABEL_WIDTH = 230
BAR_AREA = 420
ROW = 30
BAR = 20
PANEL_HEADER = 34
ACCENT = "#2b7bd6"
PEER = "#9aa4b1"
FLOOR = "#d3d8de"


def parse_quantity(text, units):
    """'1,234.5 ns' -> 1234.5 in the table's base unit; None for '-' or 'NA'."""
    text = text.strip().replace(",", "")
    if not text or text in ("-", "NA", "?"):
        return None
    number, _, unit = text.partition(" ")
    if unit not in units:
        raise ValueError(f"unknown unit in {text!r}")
    return float(number) * units[unit]


def read_report(path):
    """The rows of one BenchmarkDotNet CSV report as (method, label, ns per op, bytes per op or None, note); a
    benchmark with [Params] has a row per value, labelled with it."""
    with open(path, newline="", encoding="utf-8") as report:
        reader = csv.DictReader(report)
        rows = list(reader)
        columns = reader.fieldnames or []
    if not rows or "Mean" not in columns:
        raise ValueError(f"{path}: not a BenchmarkDotNet -report.csv (no Mean column)")
    first_param = columns.index(LAST_JOB_COLUMN) + 1 if LAST_JOB_COLUMN in columns else columns.index("Mean")
    params = columns[first_param:columns.index("Mean")]
    results = []
    for row in rows:
        mean = parse_quantity(row["Mean"], TIME_UNITS)
        if mean is None:
            continue  # a benchmark that failed has no figure to draw
        allocated = parse_quantity(row.get("Allocated", ""), SIZE_UNITS)
        label = LABELS.get(row["Method"], row["Method"].replace("_", " "))
        if params:
            label += ", " + ", ".join(f"{format_count(row[p])} {p.lower()}" for p in params)
        results.append((row["Method"], label, mean, allocated, ""))
    return results


def read_http(path):
    """benchmarks/http-wrk.sh's CSV (server,round,requests_per_second) as rows like read_report's: the time per
    request is the inverse of the mean requests/s over the rounds; nothing is allocated that wrk can see."""
    with open(path, newline="", encoding="utf-8") as figures:
        rows = list(csv.DictReader(figures))
    if not rows or "requests_per_second" not in rows[0]:
        raise ValueError(f"{path}: not a benchmarks/http-wrk.sh CSV (no requests_per_second column)")
    servers = {}
    for row in rows:
        servers.setdefault(row["server"], []).append(float(row["requests_per_second"]))
    results = []
    for server, rates in servers.items():
        rate = sum(rates) / len(rates)
        results.append((server, LABELS.get(server, server), 1e9 / rate, None, f" ({rate / 1000:.1f}k requests/s)"))
    return results


def format_count(text):
    """'100000000' -> '100M', as a reader counts items; anything else as it is."""
    if not text.isdigit():
        return text
    number = int(text)
    for size, suffix in ((10 ** 9, "G"), (10 ** 6, "M"), (10 ** 3, "K")):
        if number >= size and number % size == 0:
            return f"{number // size}{suffix}"
    return text


def panel_title(path):
    name = os.path.basename(path).removesuffix("-report.csv").rsplit(".", 1)[-1]
    return TITLES.get(name, name)


def format_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.3g} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.3g} \u03bcs"
    return f"{ns:.3g} ns" if ns < 100 else f"{ns:.0f} ns"


def format_ratio(ratio):
    """Two decimals where a few percent matter (the HTTP servers), one beyond 10x."""
    return f"{ratio:.2f}\u00d7" if ratio < 10 else f"{ratio:.1f}\u00d7"


def format_bytes(size):
    if size is None:
        return ""
    if size < 1024:
        return f"{size:.0f} B"
    return f"{size / 1024:.1f} KB"


def draw_panel(svg, top, title, results, low, high):
    """Appends one panel's elements to svg and returns the y below it."""
    svg.append(f'<text x="12" y="{top + 20}" class="title">{html.escape(title)}</text>')
    y = top + PANEL_HEADER
    ours = [ns for method, _, ns, _, _ in results if is_reference(method)]
    # A panel of Streamcaps alone (the scaling one) compares its rows with nothing else.
    reference = ours[0] if ours and len(ours) < len(results) else None
    span = math.log10(high) - math.log10(low)
    keep_order = reference is None  # the scaling rows read in their own order (by items), the others by speed
    for method, label, ns, allocated, extra in results if keep_order else sorted(results, key=lambda r: r[2]):
        length = max(2.0, BAR_AREA * (math.log10(ns) - math.log10(low)) / span)
        colour = ACCENT if is_reference(method) else FLOOR if method in FLOOR_METHODS else PEER
        weight = ' font-weight="bold"' if is_reference(method) else ""
        note = format_time(ns) + extra
        if allocated is not None:
            note += f", {format_bytes(allocated)}/item"
        if reference and not is_reference(method) and method not in FLOOR_METHODS:
            ratio = ns / reference
            note += f"  \u2014  {format_ratio(ratio)} slower" if ratio >= 1 else f"  \u2014  {format_ratio(1 / ratio)} faster"
        svg.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end"{weight}>{html.escape(label)}</text>')
        svg.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" rx="2" fill="{colour}"/>')
        svg.append(f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR - 5}" class="note">{html.escape(note)}</text>')
        y += ROW
    return y + 8


def is_reference(method):
    return method.lower().startswith(REFERENCE_PREFIX)


def decades(low, high):
    """Axis bounds at powers of ten around the data, so bar lengths read as orders of magnitude."""
    return 10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(high))


def render(panels):
    every = [ns for _, results in panels for _, _, ns, _, _ in results]
    low, high = decades(min(every) / 1.5, max(every) * 1.01)
    height = sum(PANEL_HEADER + ROW * len(results) + 8 for _, results in panels) + 40
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"'
        ' font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="13">',
        "<style>.title{font-weight:600;font-size:14px}.note{fill:#444}.axis{fill:#777;font-size:11px}</style>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    y = 4
    for title, results in panels:
        y = draw_panel(svg, y, title, results, low, high)
    # The decade grid under the bars, with its labels at the bottom.
    exponent = round(math.log10(low))
    while 10 ** exponent <= high * 1.0001:
        x = LABEL_WIDTH + BAR_AREA * (exponent - math.log10(low)) / (math.log10(high) - math.log10(low))
        svg.insert(3, f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{y}" stroke="#e6e9ed"/>')
        svg.append(f'<text x="{x:.1f}" y="{y + 16}" text-anchor="middle" class="axis">{format_time(10 ** exponent)}</text>')
        exponent += 1
    svg.append("</svg>")
    return "\n".join(svg) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", help="BenchmarkDotNet *-report.csv files (default: those of --results)")
    parser.add_argument("--results", help="the directory benchmarks/run-all.sh wrote: draws every known result in it "
                        f"(default {DEFAULT_RESULTS_DIR} when no report is named and it exists)")
    parser.add_argument("-o", "--output", default=DEFAULT_OUTPUT, help=f"SVG to write (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    panels = []
    results_dir = args.results or (DEFAULT_RESULTS_DIR if not args.reports and os.path.isdir(DEFAULT_RESULTS_DIR) else None)
    if results_dir:
        found = [p for p in (os.path.join(results_dir, r) for r in RUN_ALL_REPORTS) if os.path.exists(p)]
        http = os.path.join(results_dir, RUN_ALL_HTTP)
        if not found and not os.path.exists(http):
            parser.error(f"{results_dir} holds no result this chart knows: run benchmarks/run-all.sh {results_dir} first")
        args.reports += found
        if os.path.exists(http):
            panels_after = [(TITLES["http"], read_http(http))]
        else:
            panels_after = []
    else:
        args.reports = args.reports or DEFAULT_REPORTS
        panels_after = []
    for path in args.reports:
        if not os.path.exists(path):
            parser.error(f"{path} does not exist: run the benchmark first, e.g. "
                         "dotnet run -c Release --project benchmarks/Streamcaps.Benchmarks -- --filter '*TwoMaps*'")
        results = read_report(path)
        if not results:
            parser.error(f"{path} has no benchmark with a result")
        panels.append((panel_title(path), results))
    panels += panels_after
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(render(panels))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
