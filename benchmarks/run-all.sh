#!/usr/bin/env bash
# Every figure in the README, measured in one go on this machine. Each comparison runs its baseline in the
# same run (BenchmarkDotNet's Baseline = true, the load harness's interleaved rounds, wrk's alternating rounds),
# so read the ratios: absolute numbers move with the machine and its load.
# Usage: benchmarks/run-all.sh [output-dir]      (about 25 minutes on 2 cores; wrk is optional)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-benchmarks/results}
mkdir -p "$out"
bdn() { # name, BenchmarkDotNet arguments...
  local name=$1; shift
  dotnet run -c Release --project benchmarks/Streamcaps.Benchmarks -- "$@" --artifacts "$out/bdn-$name" \
    > "$out/$name.log" 2>&1
  sed -n '/^| *Method/,/^$/p' "$out/$name.log" | head -40
}
echo "== Flow: source -> two maps -> sink, 10M ints";  bdn flow --filter '*TwoMaps*'
echo "== Fan-in / fan-out, 10M items";                 bdn fan --filter '*MergeBenchmarks*' '*BroadcastBenchmarks*'
echo "== Line framing, 64 KiB chunks";                 bdn framing --filter '*LineFraming*'
echo "== TCP echo allocations";                        bdn tcp --filter '*TcpEcho*' --job short
echo "== TLS echo (medium job: a short one scatters) and handshakes"; bdn tls-echo --filter '*TlsEcho*' --job medium; bdn tls-handshake --filter '*TlsHandshake*' --job short
echo "== Echo load harness (TCP)"
dotnet run -c Release --project benchmarks/Streamcaps.Load | tee "$out/load.log"
if command -v wrk >/dev/null; then
  echo "== HTTP: HttpServer sample vs a hand-written Socket loop (wrk)"
  benchmarks/http-wrk.sh | tee "$out/http.log"
fi
