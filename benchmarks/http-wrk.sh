#!/usr/bin/env bash
# Requests/s of the HttpServer sample (parsing and response writing are Streamcaps pumps) against two servers of
# the same endpoint (GET / -> 200 "Hello, World!", keep-alive), with wrk, in one run:
#   - kestrel:     ASP.NET Core's Kestrel with one app.Run handler (benchmarks/KestrelBaseline), the server a .NET
#                  user would pick, with the Web SDK's defaults (server GC); its response carries a Date header the
#                  other two leave out (37 bytes more);
#   - kestrel-workstation-gc: the same with DOTNET_gcServer=0, the GC the sample runs with: on 2 busy cores
#                  server GC costs Kestrel a few percent, and this shows how much of the margin that is;
#   - socket-loop: a hand-written Socket loop answering with the sample's exact bytes (benchmarks/http-baseline.cs),
#                  which parses only what wrk sends: a yardstick for the cost of the sample's parsing and pumps.
# Usage: benchmarks/http-wrk.sh [duration=5s] [connections=32] [threads=1] [rounds=5]
#   HTTP_WRK_CSV=FILE also writes every round's figure to FILE (server,round,requests_per_second), for chart.py.
# Every round runs the three servers one after another, starting each round with the next server, so a change in
# the machine's load hits all alike and none is always measured first; the figures are the means over the rounds,
# with the lowest and highest single-round ratio (against the other server of the same round).
# wrk's defaults here suit 2 cores: one wrk thread (wrk -t1 keeps about one core, the server gets the other) and
# 32 keep-alive connections, enough to keep every server busy without turning the run into a test of accept or
# of the kernel's scheduling. On more cores, give wrk more threads and connections (e.g. 4 and 256).
# The machine may be shared and small: wrk, the servers and anything else compete for the same cores, so read the
# ratios, not the absolute numbers. About (rounds x 4 x duration) + 1 minute with the defaults: 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s} connections=${2:-32} threads=${3:-1} rounds=${4:-5}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
logs=$(mktemp -d /tmp/http-wrk.XXXXXX)

dotnet build -c Release samples/HttpServer -v q -nologo >/dev/null
dotnet build -c Release benchmarks/KestrelBaseline -v q -nologo >/dev/null
# A file-based app: build it and run its dll directly, so the process we stop is the server itself.
baseline=$(dotnet build benchmarks/http-baseline.cs -c Release -nologo | sed -n 's/.*http-baseline.cs -> //p')
[ -f "$baseline" ] || { echo "benchmarks/http-baseline.cs did not build"; exit 1; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

declare -A url
start() { # name command... ; each server is given port 0 and prints "listening on 127.0.0.1:PORT"
  local name=$1; shift
  "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do
    local port
    port=$(sed -n 's/^listening on [^ ]*:\([0-9]*\).*/\1/p' "$logs/$name.log" 2>/dev/null)
    if [ -n "$port" ]; then
      url[$name]="http://127.0.0.1:$port/"
      curl -sf "${url[$name]}" >/dev/null || { echo "$name does not answer GET /"; exit 1; }
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not start:"; cat "$logs/$name.log"; exit 1
}

measure() { # name -> requests/s on stdout, wrk's summary on stderr
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "${url[$1]}" >"$logs/$1.wrk"
  grep -E "Requests/sec|Latency  | 99%|Non-2xx|Socket errors" "$logs/$1.wrk" | sed "s/^/  $1: /" >&2
  if grep -qE "Non-2xx|Socket errors" "$logs/$1.wrk"; then
    echo "$1 answered with errors under load (see above): its figure would not compare" >&2; exit 1
  fi
  awk '/Requests\/sec/ {print $2}' "$logs/$1.wrk"
}

servers=(streamcaps kestrel kestrel-workstation-gc socket-loop)
start streamcaps dotnet samples/HttpServer/bin/Release/net10.0/HttpServer.dll 0
start kestrel dotnet benchmarks/KestrelBaseline/bin/Release/net10.0/KestrelBaseline.dll 0
start kestrel-workstation-gc env DOTNET_gcServer=0 dotnet benchmarks/KestrelBaseline/bin/Release/net10.0/KestrelBaseline.dll 0
start socket-loop dotnet "$baseline" 0

# A warm-up for every server (tiered JIT with PGO recompiles the hot paths for a couple of seconds), then the rounds.
for name in "${servers[@]}"; do wrk -t"$threads" -c"$connections" -d3s "${url[$name]}" >/dev/null; done
results="$logs/results.csv"
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  for i in "${!servers[@]}"; do
    name=${servers[$(( (i + round - 1) % ${#servers[@]} ))]}
    echo "$name,$round,$(measure "$name")" >>"$results"
  done
done
[ -z "${HTTP_WRK_CSV:-}" ] || { echo "server,round,requests_per_second" >"$HTTP_WRK_CSV"; cat "$results" >>"$HTTP_WRK_CSV"; }

echo "wrk -t$threads -c$connections -d$duration, $rounds alternating rounds (means; single-round ratios lowest-highest):"
awk -F, '
  { rps[$1] += $3; n[$1]++; round[$1, $2] = $3; rounds = $2 > rounds ? $2 : rounds }
  function ratio(a, b,   lo, hi, r, k) {
    lo = 1e9; hi = 0
    for (r = 1; r <= rounds; r++) { k = round[a, r] / round[b, r]; lo = k < lo ? k : lo; hi = k > hi ? k : hi }
    printf "ratio %-43s %.2fx  (%.2f-%.2f)\n", "(" a " / " b "):", (rps[a] / n[a]) / (rps[b] / n[b]), lo, hi
  }
  END {
    printf "HttpServer sample (Streamcaps pumps): %8.0f requests/s\n", rps["streamcaps"] / n["streamcaps"]
    printf "Kestrel app.Run:                      %8.0f requests/s\n", rps["kestrel"] / n["kestrel"]
    printf "Kestrel app.Run, workstation GC:      %8.0f requests/s\n", rps["kestrel-workstation-gc"] / n["kestrel-workstation-gc"]
    printf "hand-written Socket loop:             %8.0f requests/s\n", rps["socket-loop"] / n["socket-loop"]
    ratio("streamcaps", "kestrel"); ratio("streamcaps", "kestrel-workstation-gc"); ratio("streamcaps", "socket-loop")
    ratio("kestrel", "socket-loop")
  }' "$results"
rm -rf "$logs"
