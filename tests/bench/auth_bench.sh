#!/usr/bin/env bash
# The cost of authentication on the hottest path: engine_bench's (a) straight-through starts
# with HTTP Basic on every request (the credential cache hit) versus the same build started
# with --insecure-no-auth, alternating on one private cluster so both see the same machine.
# Prints each run and the ratio of the medians. Usage: tests/bench/auth_bench.sh [seconds] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
rounds=${2:-3}
dpc=$(realpath build/src/app/dpc)
driver=$(realpath build/tests/bench/engine_bench)
work=$(mktemp -d /tmp/dpc-auth-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18283}
pid=""
stop() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$work"' EXIT

run() {  # $1 = on|off
  local extra=()
  [ "$1" = off ] && extra=(--insecure-no-auth)
  (cd "$work" && DPC_ADMIN_USER=dpc-test-admin DPC_ADMIN_PASSWORD=Test-admin-password-1 \
     exec "$dpc" serve --port "$port" --no-access-log --samples /nonexistent "${extra[@]}" >>"$work/serve.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
  "$driver" "$port" "$seconds" 8 a | sed -nE 's/^\(a\).*: ([0-9]+)$/\1/p'
  stop
}

on=(); off=()
for r in $(seq 1 "$rounds"); do
  a_on=$(run on); a_off=$(run off)
  echo "round $r: auth on ${a_on}/s, auth off ${a_off}/s"
  on+=("$a_on"); off+=("$a_off")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
m_on=$(median "${on[@]}"); m_off=$(median "${off[@]}")
echo "(a) with Basic auth: median ${m_on}/s; without: median ${m_off}/s; ratio $(awk -v a="$m_on" -v b="$m_off" 'BEGIN{printf "%.1f%%", 100*a/b}')"
