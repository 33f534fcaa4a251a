#!/usr/bin/env bash
# Migration figure for the README: <instances> instances (default 10000) moved from version
# 1 to 2 by POST /migration/executeAsync, one `dpc serve` node on its private cluster
# (PostgreSQL's default durable settings). See migration_bench.cpp.
# Usage: tests/bench/migration_bench.sh [instances]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DPC_ADMIN_USER=dpc-test-admin DPC_ADMIN_PASSWORD=Test-admin-password-1
instances=${1:-10000}
dpc=$(realpath build/src/app/dpc)
driver=$(realpath build/tests/bench/migration_bench)
work=$(mktemp -d /tmp/dpc-migration-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18393}
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
(cd "$work" && exec "$dpc" serve --port "$port" --no-access-log --samples /nonexistent >"$work/node.log" 2>&1) &
pid=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
"$driver" "$instances" "$port"
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
