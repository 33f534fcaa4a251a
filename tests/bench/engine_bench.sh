#!/usr/bin/env bash
# Engine figures for the README, in one run on one PostgreSQL: dpc serve with its private
# cluster (PostgreSQL's default, durable settings), the REST driver engine_bench with 8
# clients, and pgbench's single-row INSERT commit rate with 8 clients on the same cluster
# as the ceiling.
# Usage: tests/bench/engine_bench.sh [seconds per figure, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
dpc=$(realpath build/src/app/dpc)
driver=$(realpath build/tests/bench/engine_bench)
work=$(mktemp -d /tmp/dpc-engine-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18282}
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The driver authenticates as the test administrator (HTTP Basic, as Camunda clients do).
(cd "$work" && DPC_ADMIN_USER=dpc-test-admin DPC_ADMIN_PASSWORD=Test-admin-password-1 \
   exec "$dpc" serve --port "$port" --no-access-log --samples /nonexistent >"$work/serve.log" 2>&1) &
pid=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done

"$driver" "$port" "$seconds" 8

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg="host=$work/var/pg port=5432 user=dpc dbname=dpc"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql "$pg" -qc "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, v int)"
echo "INSERT INTO bench_insert (v) VALUES (1);" > "$work/insert.sql"
chmod 644 "$work/insert.sql"
rate=$(as_pg "$bindir/pgbench" -n -c 8 -j 2 -T "$seconds" -f "$work/insert.sql" "$pg" 2>/dev/null \
       | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)
echo "pgbench single-row INSERT commits/s (8 clients, same cluster): ${rate%.*}"
