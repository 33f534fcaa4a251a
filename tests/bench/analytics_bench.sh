#!/usr/bin/env bash
# Funnel answer time (issue 18): N instances of cash-loan-onboarding (default 1,000,000) put
# straight into the history and the engine_event log as the engine writes them (one
# engine_event row per command: start, review done, credit check done, approval done), spread
# over 90 days (migration 0025's trigger keeps the aggregates as the rows go in), then POST
# /api/analytics/funnel for 3 and 5 steps over those 90 days, timed by curl (median and p99
# of R requests each, default 30), and for comparison the raw-log scan the funnel ran before
# the aggregates (its SQL alone, timed by psql, 3 runs). One `dpc serve` with its private
# cluster. Paths: every instance reaches review; 70% pass it to the credit check; 40% reach
# approval; 25% end approved.
# Usage: tests/bench/analytics_bench.sh [instances, default 1000000] [requests, default 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
requests=${2:-30}
dpc=$(realpath build/src/app/dpc)
samples=$(realpath bpmn-samples)
work=$(mktemp -d /tmp/dpc-analytics-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18394}
admin=bench-admin
admin_pw=Admin-of-the-run-2026
pid=
cleanup() {
  [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && DPC_ADMIN_USER=$admin DPC_ADMIN_PASSWORD=$admin_pw exec "$dpc" serve --port "$port" \
   --no-access-log --samples "$samples" >"$work/node.log" 2>&1) &
pid=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
curl -fs -o /dev/null "http://127.0.0.1:$port/health" || { cat "$work/node.log"; exit 1; }
for _ in $(seq 1 100); do
  curl -fs -u "$admin:$admin_pw" "http://127.0.0.1:$port/engine-rest/process-definition/key/cash-loan-onboarding" \
    -o /dev/null && break
  sleep 0.1
done

pg="host=$work/var/pg port=5432 user=dpc dbname=dpc"
now=$(($(date +%s) * 1000))
t0=$((now - 90 * 86400000))
def=$(psql "$pg" -Atc "SELECT id FROM process_definition WHERE key = 'cash-loan-onboarding' ORDER BY version DESC LIMIT 1")
echo "inserting $n instances (hi_proc_inst + engine_event) ..."
start_s=$(date +%s)
psql "$pg" -q -v ON_ERROR_STOP=1 <<SQL
SET work_mem = '512MB';
CREATE TEMP TABLE gen AS
  SELECT i, 'bi' || i AS id, $t0 + (i::bigint * 90 * 86400000 / $n) AS t, (i::bigint * 7919) % 100 AS r
  FROM generate_series(1, $n) AS i;
INSERT INTO hi_proc_inst (id, definition_id, definition_key, definition_version, business_key, state, start_time, end_time)
  SELECT id, '$def', 'cash-loan-onboarding', 1, 'B' || i,
         CASE WHEN r < 25 THEN 'COMPLETED' ELSE 'ACTIVE' END, t, CASE WHEN r < 25 THEN t + 7200000 END FROM gen;
INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, time, element_ids, element_types, events, times)
  SELECT id, 'cash-loan-onboarding', 1, 'B' || i, t,
         ARRAY['start_application','start_application','flow_start_review','review_application'],
         ARRAY['startEvent','startEvent','sequenceFlow','userTask'], ARRAY['start','end','take','start'],
         ARRAY[t, t, t, t] FROM gen;
INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, time, element_ids, element_types, events, times)
  SELECT id, 'cash-loan-onboarding', 1, 'B' || i, t + 1800000,
         ARRAY['review_application','flow_review_check','credit_check'],
         ARRAY['userTask','sequenceFlow','serviceTask'], ARRAY['end','take','start'],
         ARRAY[t + 1800000, t + 1800000, t + 1800000] FROM gen WHERE r < 70;
INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, time, element_ids, element_types, events, times)
  SELECT id, 'cash-loan-onboarding', 1, 'B' || i, t + 3600000,
         ARRAY['credit_check','flow_check_score','score_application','score_application','flow_score_gateway','gw_score','gw_score','flow_score_medium','manual_underwriting'],
         ARRAY['serviceTask','sequenceFlow','businessRuleTask','businessRuleTask','sequenceFlow','exclusiveGateway','exclusiveGateway','sequenceFlow','userTask'],
         ARRAY['end','take','start','end','take','start','end','take','start'],
         ARRAY[t + 3600000, t + 3600000, t + 3600000, t + 3600000, t + 3600000, t + 3600000, t + 3600000, t + 3600000, t + 3600000]
  FROM gen WHERE r < 40;
INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, time, element_ids, element_types, events, times)
  SELECT id, 'cash-loan-onboarding', 1, 'B' || i, t + 5400000,
         ARRAY['manual_underwriting','flow_underwriting_approval','approve_loan'],
         ARRAY['userTask','sequenceFlow','userTask'], ARRAY['end','take','start'],
         ARRAY[t + 5400000, t + 5400000, t + 5400000] FROM gen WHERE r < 40;
INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, time, element_ids, element_types, events, times)
  SELECT id, 'cash-loan-onboarding', 1, 'B' || i, t + 7200000,
         ARRAY['approve_loan','flow_approval_decision','gw_decision','gw_decision','flow_approved','prepare_contract','prepare_contract','flow_contract_end','end_loan_approved','end_loan_approved'],
         ARRAY['userTask','sequenceFlow','exclusiveGateway','exclusiveGateway','sequenceFlow','task','task','sequenceFlow','endEvent','endEvent'],
         ARRAY['end','take','start','end','take','start','end','take','start','end'],
         ARRAY[t + 7200000, t + 7200000, t + 7200000, t + 7200000, t + 7200000, t + 7200000, t + 7200000, t + 7200000, t + 7200000, t + 7200000]
  FROM gen WHERE r < 25;
VACUUM ANALYZE hi_proc_inst;
VACUUM ANALYZE engine_event;
SELECT analytics_fold();
VACUUM ANALYZE analytics_step;
VACUUM ANALYZE analytics_daily;
SQL
echo "inserted in $(( $(date +%s) - start_s )) s; engine_event rows: $(psql "$pg" -Atc 'SELECT count(*) FROM engine_event'), analytics_step rows: $(psql "$pg" -Atc 'SELECT count(*) FROM analytics_step')"

from=$(date -u -d "@$((t0 / 1000))" +%Y-%m-%dT00:00:00Z)  # whole days (the aggregates' path needs them)
to=$(date -u -d "@$((now / 1000 + 60))" +%Y-%m-%dT%H:%M:%SZ)
time_funnel() {
  local steps=$1 extra=${2:-} body out
  body="{\"processDefinitionKey\":\"cash-loan-onboarding\",\"steps\":$steps,\"from\":\"$from\",\"to\":\"$to\"$extra}"
  curl -fs -u "$admin:$admin_pw" -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$port/api/analytics/funnel" | head -c 400; echo
  for _ in $(seq 1 "$requests"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -u "$admin:$admin_pw" -H 'Content-Type: application/json' \
      -d "$body" "http://127.0.0.1:$port/api/analytics/funnel"
  done | sort -n | awk '{ a[NR] = $1 * 1000 } END {
    m = a[int((NR + 1) / 2)]; p = a[int(NR * 0.99 + 0.999)];
    printf "  %d requests: median %.0f ms, p99 %.0f ms\n", NR, m, p }'
}
echo "funnel of 3 steps over 90 days, $n instances:"
time_funnel '["review_application","credit_check","approve_loan"]'
echo "funnel of 5 steps over 90 days, $n instances:"
time_funnel '["start_application","review_application","credit_check","approve_loan","end_loan_approved"]'
echo "funnel of 5 steps over 90 days, $n instances, without durations (the daily aggregates):"
time_funnel '["start_application","review_application","credit_check","approve_loan","end_loan_approved"]' ',"durations":false'

# The raw-log scan of the 5-step funnel (what every question ran before migration 0025):
# each instance's occurrences of the steps from engine_event, in order.
raw_steps="'start_application','review_application','credit_check','approve_loan','end_loan_approved'"
echo "for comparison, the raw-log scan of the 5-step funnel (SQL alone, 3 runs):"
for _ in 1 2 3; do
  psql "$pg" -At -v ON_ERROR_STOP=1 <<SQL | grep -o 'Time: [0-9.]* ms'
SET work_mem = '256MB';
SET jit = off;
\\timing on
SELECT count(*) FROM (
  WITH inst AS (SELECT p.id, p.start_time FROM hi_proc_inst p WHERE p.definition_key = 'cash-loan-onboarding' AND p.start_time >= $t0),
  occ AS (SELECT ev.proc_inst_id, ev.seq, f.n, array_position(ARRAY[$raw_steps]::text[], f.element) - 1 AS e, f.at
          FROM engine_event ev, unnest(ev.element_ids, ev.events, ev.times) WITH ORDINALITY AS f(element, event, at, n)
          WHERE ev.definition_key = 'cash-loan-onboarding' AND ev.time >= $t0 - 60000
            AND f.element = ANY(ARRAY[$raw_steps]::text[]) AND f.event IN ('start', 'take'))
  SELECT i.start_time, string_agg(o.e::text || ':' || o.at::text, ',' ORDER BY o.seq, o.n)
  FROM inst i LEFT JOIN occ o ON o.proc_inst_id = i.id GROUP BY i.id, i.start_time) x;
SQL
done
