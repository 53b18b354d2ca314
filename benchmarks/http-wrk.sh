#!/usr/bin/env bash
# Requests/s of the HttpServer sample (parsing and response writing are Streamcaps pumps) against a
# hand-written Socket loop serving the same endpoint (benchmarks/http-baseline.cs), with wrk, in one run.
# Usage: benchmarks/http-wrk.sh [duration=5s] [connections=32] [threads=1] [rounds=3]
# The two servers are measured in alternation, round after round, so a change in the machine's load hits
# both alike; the figures are the means over the rounds.
# The machine may be shared and small: wrk, the server and anything else compete for the same cores, so
# read the ratio, not the absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s} connections=${2:-32} threads=${3:-1} rounds=${4:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }

dotnet build -c Release samples/HttpServer -v q -nologo >/dev/null
# A file-based app: build it and run its dll directly, so the process we stop is the server itself.
baseline=$(dotnet build benchmarks/http-baseline.cs -c Release -nologo | sed -n 's/.*http-baseline.cs -> //p')
[ -f "$baseline" ] || { echo "benchmarks/http-baseline.cs did not build"; exit 1; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" >"/tmp/http-wrk-$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q "listening on" "/tmp/http-wrk-$name.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$name did not start:"; cat "/tmp/http-wrk-$name.log"; exit 1
}

measure() { # name url
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$2" >"/tmp/http-wrk-$1.wrk"
  grep -E "Requests/sec|Latency |Non-2xx|Socket errors" "/tmp/http-wrk-$1.wrk" | sed "s/^/$1: /" >&2
  awk '/Requests\/sec/ {print $2}' "/tmp/http-wrk-$1.wrk"
}

start streamcaps 18181 dotnet samples/HttpServer/bin/Release/net10.0/HttpServer.dll 18181
start baseline 18182 dotnet "$baseline" 18182
curl -sf http://127.0.0.1:18181/ >/dev/null && curl -sf http://127.0.0.1:18182/ >/dev/null

# A short warm-up for both (JIT tiering), then the measured runs.
wrk -t1 -c8 -d2s http://127.0.0.1:18181/ >/dev/null
wrk -t1 -c8 -d2s http://127.0.0.1:18182/ >/dev/null
ours=0 theirs=0
for _ in $(seq "$rounds"); do
  ours=$(awk -v a="$ours" -v b="$(measure streamcaps http://127.0.0.1:18181/)" -v n="$rounds" 'BEGIN { print a + b / n }')
  theirs=$(awk -v a="$theirs" -v b="$(measure baseline http://127.0.0.1:18182/)" -v n="$rounds" 'BEGIN { print a + b / n }')
done
echo "HttpServer (Streamcaps pumps): $ours requests/s"
echo "Socket loop baseline:          $theirs requests/s"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio (Streamcaps / baseline): %.2f\n", a / b }'
