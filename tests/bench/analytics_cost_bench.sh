#!/usr/bin/env bash
# Cost of keeping the dashboard's aggregates (issue 18): engine_bench's (a) straight-through
# starts with migration 0025's trigger on engine_event enabled and disabled, alternately
# (off, on, off, on, ...: load from elsewhere on the machine hits both alike), in one run of
# one `dpc serve` with its private cluster. Prints each round and the ratio of the medians.
# Usage: tests/bench/analytics_cost_bench.sh [seconds per round, default 10] [rounds per side, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
rounds=${2:-3}
dpc=$(realpath build/src/app/dpc)
driver=$(realpath build/tests/bench/engine_bench)
work=$(mktemp -d /tmp/dpc-analytics-cost-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18283}
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

(cd "$work" && DPC_ADMIN_USER=dpc-test-admin DPC_ADMIN_PASSWORD=Test-admin-password-1 \
   exec "$dpc" serve --port "$port" --no-access-log --samples /nonexistent >"$work/serve.log" 2>&1) &
pid=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
pg="host=$work/var/pg port=5432 user=dpc dbname=dpc"

"$driver" "$port" 3 8 a >/dev/null  # warm-up (deploys, fills caches)
off=() on=()
for r in $(seq 1 "$rounds"); do
  for side in off on; do
    if [ "$side" = off ]; then psql "$pg" -qc "ALTER TABLE engine_event DISABLE TRIGGER analytics_events"
    else psql "$pg" -qc "ALTER TABLE engine_event ENABLE TRIGGER analytics_events"; fi
    rate=$("$driver" "$port" "$seconds" 8 a | sed -nE 's/.*: ([0-9]+)$/\1/p')
    echo "round $r, aggregates $side: $rate straight-through instances/s"
    if [ "$side" = off ]; then off+=("$rate"); else on+=("$rate"); fi
  done
done
psql "$pg" -qc "ALTER TABLE engine_event ENABLE TRIGGER analytics_events"
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
m_off=$(median "${off[@]}") m_on=$(median "${on[@]}")
echo "median: aggregates off $m_off/s, on $m_on/s: on = $(awk -v a="$m_on" -v b="$m_off" 'BEGIN { printf "%.1f", 100 * a / b }')% of off"
echo "analytics_step rows: $(psql "$pg" -Atc 'SELECT count(*) FROM analytics_step'), analytics_daily rows: $(psql "$pg" -Atc 'SELECT count(*) FROM analytics_daily')"
