#!/usr/bin/env bash
# Job executor figures for the README: (a) async continuation jobs executed per second and
# (b) the delay between a timer's due time and its execution with many timers due in the
# same second, first with one `dpc serve` node, then with three nodes on the same database
# (node 1's private cluster, PostgreSQL's default durable settings). See job_bench.cpp.
# Usage: tests/bench/job_bench.sh [instances for (a), default 5000] [timers for (b), default 1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
# The driver authenticates as the test administrator that each node creates on its first start.
export DPC_ADMIN_USER=dpc-test-admin DPC_ADMIN_PASSWORD=Test-admin-password-1
instances=${1:-5000}
timers=${2:-1000}
dpc=$(realpath build/src/app/dpc)
driver=$(realpath build/tests/bench/job_bench)
work=$(mktemp -d /tmp/dpc-job-bench-XXXXXX)
chmod 755 "$work"
base=${DPC_BENCH_PORT:-18383}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_healthy() {
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 0.05; done
  echo "node on port $1 did not become healthy"; cat "$work"/*.log; exit 1
}

# Node 1 starts the private cluster; the others use it.
(cd "$work" && exec "$dpc" serve --port "$base" --no-access-log --samples /nonexistent >"$work/node1.log" 2>&1) &
pids+=($!)
wait_healthy "$base"
echo "one node:"
"$driver" "$instances" "$timers" "$base"

url="host=$work/var/pg port=5432 user=dpc dbname=dpc"
for n in 2 3; do
  port=$((base + n - 1))
  (cd "$work" && DPC_DATABASE_URL="$url" exec "$dpc" serve --port "$port" --no-access-log \
     --samples /nonexistent >"$work/node$n.log" 2>&1) &
  pids+=($!)
  wait_healthy "$port"
done
echo "three nodes, one database:"
"$driver" "$instances" "$timers" "$base" $((base + 1)) $((base + 2))
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
