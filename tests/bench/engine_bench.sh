#!/usr/bin/env bash
# Engine figures for the README, in one run on one PostgreSQL: dpc serve with its private
# cluster (PostgreSQL's default, durable settings), the REST driver engine_bench with 8
# clients, and pgbench's single-row INSERT commit rate with 8 clients on the same cluster
# as the ceiling.
# Usage: tests/bench/engine_bench.sh [seconds per figure, default 10]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init engine-bench
seconds=${1:-10}
start_dpc

"$driver" "$port" "$seconds" 8

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql "$pg" -qc "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, v int)"
echo "INSERT INTO bench_insert (v) VALUES (1);" > "$work/insert.sql"
chmod 644 "$work/insert.sql"
rate=$(as_pg "$bindir/pgbench" -n -c 8 -j 2 -T "$seconds" -f "$work/insert.sql" "$pg" 2>/dev/null \
       | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)
echo "pgbench single-row INSERT commits/s (8 clients, same cluster): ${rate%.*}"
