#!/usr/bin/env bash
# Every figure in the README, measured in one go on this machine. Each comparison runs its baseline in the
# same run (BenchmarkDotNet's Baseline = true, the load harness's interleaved rounds, wrk's alternating rounds),
# so read the ratios: absolute numbers move with the machine and its load.
# Usage: benchmarks/run-all.sh [output-dir]      (about 35 minutes on 2 cores; wrk and nats-server are optional)
# It ends by redrawing benchmarks/results-chart.svg (the README's chart) from what it measured.
# The connection-scaling run holds 10,000 connections open in the harness and as many in the echo server: both
# processes need `ulimit -n` above 10,000 (.NET raises its soft limit to the hard one, so the hard limit is what
# counts); the script raises the soft limit to 20,000 where the hard limit allows it, and skips that run otherwise.
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
echo "== Flow: the same, cost per item from 1K to 100M items per flow"; bdn flow-scaling --filter '*FlowScaling*'
echo "== Fan-in / fan-out, 10M items";                 bdn fan --filter '*MergeBenchmarks*' '*BroadcastBenchmarks*'
echo "== Line framing, 64 KiB chunks";                 bdn framing --filter '*LineFraming*'
echo "== TCP echo allocations";                        bdn tcp --filter '*TcpEcho*' --job short
echo "== TLS echo (medium job: a short one scatters) and handshakes"; bdn tls-echo --filter '*TlsEcho*' --job medium; bdn tls-handshake --filter '*TlsHandshake*' --job short
echo "== TLS echo, both servers in one process (interleaved rounds: steadier than one process per server)"
for chunk in 16384 65536; do dotnet run -c Release --project benchmarks/TlsEchoProbe -- "$chunk" 200 31 async raw,sc | grep '^chunk'; done | tee "$out/tls-probe.log"
echo "== Echo load harness (TCP)"
dotnet run -c Release --project benchmarks/Streamcaps.Load | tee "$out/load.log"
echo "== Echo at 100, 1,000 and 10,000 connections: memory per connection, throughput (load harness)"
ulimit -n 20000 2>/dev/null || true
if [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -gt 10100 ]; then
  dotnet run -c Release --project benchmarks/Streamcaps.Load -- scale100 scale1000 scale10000 --rounds 3 \
    --servers socket-loop,streamcaps | tee "$out/load-scale.log"
else
  echo "skipped: the hard limit on open files is $(ulimit -Hn); 10,000 connections need more than 10,100"
fi
if command -v wrk >/dev/null; then
  echo "== HTTP: HttpServer sample vs Kestrel and a hand-written Socket loop (wrk)"
  HTTP_WRK_CSV="$out/http-wrk.csv" benchmarks/http-wrk.sh | tee "$out/http.log"
fi
if command -v nats-server >/dev/null; then
  echo "== JetStream: source -> map -> sink against a hand-written NATS.Net loop (starts its own nats-server)"
  dotnet run -c Release --project benchmarks/Streamcaps.Nats.Benchmark -- 10000 9 | tee "$out/nats.log"
fi
echo "== The README's chart"
python3 benchmarks/chart.py --results "$out"
