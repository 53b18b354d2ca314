#!/usr/bin/env bash
# Relay throughput of `streamcaps` against socat, in one run: the same client pushes the same bytes through a TCP
# relay (tcp-listen -> tcp) and through a TLS terminator (tls-listen -> tcp) into the same sink, first through
# socat's relay, then through streamcaps', round after round; the figures are the means over the rounds.
# Usage: benchmarks/cli-vs-socat.sh [megabytes=2048] [rounds=3]
# The client (socat -u) and the sink (socat -u to /dev/null) are the same for both relays, so only the relay
# differs. Read the ratio: client, relay and sink share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-2048} rounds=${2:-3}
command -v socat >/dev/null || { echo "socat is not installed (apt-get install -y socat)"; exit 1; }
command -v openssl >/dev/null || { echo "openssl is not installed"; exit 1; }

dotnet build -c Release tools/Streamcaps.Cli -v q -nologo >/dev/null
cli=(dotnet tools/Streamcaps.Cli/bin/Release/net10.0/streamcaps.dll)
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

sink_port=19300
socat -u TCP-LISTEN:$sink_port,bind=127.0.0.1,reuseaddr,fork OPEN:/dev/null &
pids+=($!)

start() { # port command...: starts a relay and waits until its port accepts
  local port=$1; shift
  "$@" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do
    (echo -n | socat -u - TCP:127.0.0.1:"$port" 2>/dev/null) && return 0
    sleep 0.1
  done
  echo "relay on $port did not start"; exit 1
}

start 19301 socat TCP-LISTEN:19301,bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:$sink_port
start 19302 "${cli[@]}" --quiet tcp-listen:19302,bind=127.0.0.1,fork tcp:127.0.0.1:$sink_port
start 19303 socat OPENSSL-LISTEN:19303,bind=127.0.0.1,reuseaddr,fork,cert="$work/cert.pem",key="$work/key.pem",verify=0 TCP:127.0.0.1:$sink_port
start 19304 "${cli[@]}" --quiet tls-listen:19304,bind=127.0.0.1,fork,cert="$work/cert.pem",key="$work/key.pem" tcp:127.0.0.1:$sink_port

push() { # address: seconds to push the bytes through it
  local start end
  start=$(date +%s.%N)
  head -c "${megabytes}M" /dev/zero | socat -u -b 65536 - "$1"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { print e - s }'
}

mean() { awk -v a="$1" -v b="$2" -v n="$rounds" 'BEGIN { print a + b / n }'; }
tcp_socat=0 tcp_ours=0 tls_socat=0 tls_ours=0
push TCP:127.0.0.1:19302 >/dev/null   # warm-up: the .NET relay's JIT
push OPENSSL:127.0.0.1:19304,verify=0 >/dev/null
for _ in $(seq "$rounds"); do
  tcp_socat=$(mean "$tcp_socat" "$(push TCP:127.0.0.1:19301)")
  tcp_ours=$(mean "$tcp_ours" "$(push TCP:127.0.0.1:19302)")
  tls_socat=$(mean "$tls_socat" "$(push OPENSSL:127.0.0.1:19303,verify=0)")
  tls_ours=$(mean "$tls_ours" "$(push OPENSSL:127.0.0.1:19304,verify=0)")
done
report() { # name socat-seconds ours-seconds
  awk -v n="$1" -v s="$2" -v o="$3" -v mb="$megabytes" \
    'BEGIN { printf "%-16s socat %7.0f MiB/s   streamcaps %7.0f MiB/s   ratio %.2fx\n", n, mb / s, mb / o, s / o }'
}
report "TCP relay" "$tcp_socat" "$tcp_ours"
report "TLS terminator" "$tls_socat" "$tls_ours"
