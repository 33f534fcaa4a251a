#!/usr/bin/env bash
# Task list latency under authorization: 100,000 open tasks (inserted straight into the task
# table) over 1,000 candidate groups, and a user in 3 of them asking for the first page of one
# group's tasks (GET /engine-rest/task?candidateGroup=...), next to the administrator (no
# filter) asking the same. Then the Tasklist's figure (issue 14): the first page sorted by due
# date with a process-variable filter (every task has an "amount" process variable and a due
# date). One `dpc serve` with its private cluster. See task_authz_bench.cpp.
# Usage: tests/bench/task_authz_bench.sh [tasks, default 100000] [requests, default 500]
set -euo pipefail
cd "$(dirname "$0")/../.."
tasks=${1:-100000}
requests=${2:-500}
dpc=$(realpath build/src/app/dpc)
driver=$(realpath build/tests/bench/task_authz_bench)
work=$(mktemp -d /tmp/dpc-task-authz-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18393}
admin=bench-admin
admin_pw=Admin-of-the-run-2026
user=bench-clerk
user_pw=Task-list-reader-2026
pid=
cleanup() {
  [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && DPC_ADMIN_USER=$admin DPC_ADMIN_PASSWORD=$admin_pw exec "$dpc" serve --port "$port" \
   --no-access-log --samples /nonexistent >"$work/node.log" 2>&1) &
pid=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
curl -fs -o /dev/null "http://127.0.0.1:$port/health" || { cat "$work/node.log"; exit 1; }

pg="host=$work/var/pg port=5432 user=dpc dbname=dpc"
psql "$pg" -qc "INSERT INTO task (id, name, proc_inst_id, execution_id, proc_def_id, proc_def_key,
  task_def_key, candidate_groups, created, last_updated)
  SELECT 'bt' || i, 'Review ' || i, 'bpi' || i, 'bpi' || i, 'bench:1:x', 'bench', 'review',
         ARRAY['g' || (i % 1000)], 1700000000000 + i, 1700000000000 + i
  FROM generate_series(1, $tasks) AS i;" \
  -c "UPDATE task SET due = 1700000000000 + ((substr(id, 3)::bigint * 7919) % 100000) * 60000;" \
  -c "INSERT INTO variable (id, proc_inst_id, scope_id, name, type, long_value)
  SELECT 'bv' || i, 'bpi' || i, 'bpi' || i, 'amount', 'Long', (i / 1000) * 10
  FROM generate_series(1, $tasks) AS i;" -c "VACUUM ANALYZE task;" -c "VACUUM ANALYZE variable;"

# The user and group ids are chosen by the script; curl -f makes a refusal end the run.
api() {
  curl -fs -o /dev/null -u "$admin:$admin_pw" -H 'Content-Type: application/json' -X "$1" \
    "http://127.0.0.1:$port/engine-rest/$2" ${3:+-d "$3"}
}
api POST user/create "{\"profile\":{\"id\":\"$user\",\"firstName\":\"B\",\"lastName\":\"C\",\"email\":\"b@example.org\"},\"credentials\":{\"password\":\"$user_pw\"}}"
for g in g1 g2 g3; do
  api POST group/create "{\"id\":\"$g\",\"name\":\"$g\",\"type\":\"WORKFLOW\"}"
  api PUT "group/$g/members/$user"
done

echo "GET /engine-rest/task?candidateGroup=g2 (first page of 50), $tasks open tasks over 1,000 groups:"
target="/engine-rest/task?candidateGroup=g2&firstResult=0&maxResults=50"
"$driver" "$port" "$user" "$user_pw" "$target" "$requests"
"$driver" "$port" "$admin" "$admin_pw" "$target" "$requests"
echo "GET /engine-rest/task (first page of 50, everything the user may see):"
"$driver" "$port" "$user" "$user_pw" "/engine-rest/task?firstResult=0&maxResults=50" "$requests"
echo "GET /engine-rest/task?processVariables=amount_gt_500&sortBy=dueDate&sortOrder=asc (first page of 50):"
target="/engine-rest/task?processVariables=amount_gt_500&sortBy=dueDate&sortOrder=asc&firstResult=0&maxResults=50"
"$driver" "$port" "$user" "$user_pw" "$target" "$requests"
"$driver" "$port" "$admin" "$admin_pw" "$target" "$requests"
echo "The same through the default filter My group tasks (POST /filter/{id}/list with the variable filter):"
"$driver" "$port" "$user" "$user_pw" "/engine-rest/filter/dpc-filter-group-tasks/list?firstResult=0&maxResults=50" "$requests" \
  '{"processVariables":[{"name":"amount","operator":"gt","value":500}],"sorting":[{"sortBy":"dueDate","sortOrder":"asc"}]}'
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
