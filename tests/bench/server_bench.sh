#!/usr/bin/env bash
# Server figures for the README: start-up time to a healthy /health with an existing
# cluster, idle RSS, and GET /engine-rest/engine requests/second under wrk -c 64.
# Usage: tests/bench/server_bench.sh [path/to/dpc]   (default build/src/app/dpc)
set -euo pipefail
cd "$(dirname "$0")/../.."
dpc=$(realpath "${1:-build/src/app/dpc}")
work=$(mktemp -d /tmp/dpc-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18181}
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start() {
  (cd "$work" && exec "$dpc" serve --port "$port" --no-access-log >>"$work/serve.log" 2>&1) &
  pid=$!
}
wait_healthy() {
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health" && return 0
    sleep 0.01
  done
  echo "server did not become healthy"; cat "$work/serve.log"; exit 1
}
ms() { date +%s%3N; }

t0=$(ms); start; wait_healthy; t1=$(ms)
echo "first start (creates the cluster): $((t1 - t0)) ms"
kill -TERM "$pid"; wait "$pid" || true
t0=$(ms); start; wait_healthy; t1=$(ms)
echo "start-up to healthy /health with an existing cluster: $((t1 - t0)) ms"
sleep 2
echo "idle RSS of dpc: $(ps -o rss= -p "$pid" | tr -d ' ') KiB"
if command -v wrk >/dev/null; then
  wrk -t2 -c64 -d10s "http://127.0.0.1:$port/engine-rest/engine" | grep -E 'Requests/sec|Latency'
else
  echo "wrk not installed (apt-get install wrk)"
fi
