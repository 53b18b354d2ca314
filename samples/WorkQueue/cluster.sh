#!/usr/bin/env bash
# A local 3-node JetStream cluster for trying the WorkQueue sample by hand.
#   samples/WorkQueue/cluster.sh start    # nodes on 127.0.0.1:4222, 4223, 4224 (PORT=5222 to move them)
#   samples/WorkQueue/cluster.sh stop     # stops them and removes their data
# Needs nats-server (2.9 or newer) on PATH. The state (data, logs, pids) lives in a temp dir named in $STATE.
set -euo pipefail
PORT=${PORT:-4222}
STATE=${STATE:-${TMPDIR:-/tmp}/workqueue-cluster-$PORT}
ROUTES="nats-route://127.0.0.1:$((PORT + 2000)),nats-route://127.0.0.1:$((PORT + 2001)),nats-route://127.0.0.1:$((PORT + 2002))"

case "${1:-}" in
  start)
    command -v nats-server >/dev/null || { echo "nats-server is not installed" >&2; exit 1; }
    mkdir -p "$STATE"
    for i in 0 1 2; do
      name="n$i"
      nats-server --server_name "$name" --addr 127.0.0.1 --port $((PORT + i)) \
        --cluster_name workqueue --cluster "nats://127.0.0.1:$((PORT + 2000 + i))" --routes "$ROUTES" \
        --jetstream --store_dir "$STATE/$name" --pid "$STATE/$name.pid" --log "$STATE/$name.log" &
    done
    for i in 0 1 2; do
      for _ in $(seq 1 50); do
        if (exec 3<>/dev/tcp/127.0.0.1/$((PORT + i))) 2>/dev/null; then break; fi
        sleep 0.2
      done
    done
    echo "cluster up: --servers nats://127.0.0.1:$PORT,nats://127.0.0.1:$((PORT + 1)),nats://127.0.0.1:$((PORT + 2))  (state in $STATE)"
    ;;
  stop)
    for i in 0 1 2; do
      pidfile="$STATE/n$i.pid"
      if [[ -f "$pidfile" ]]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
    done
    sleep 1
    rm -rf "$STATE"
    echo "cluster stopped"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
