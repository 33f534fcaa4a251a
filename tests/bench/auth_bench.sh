#!/usr/bin/env bash
# The cost of authentication on the hottest path: engine_bench's (a) straight-through starts
# with HTTP Basic on every request (the credential cache hit) versus the same build started
# with --insecure-no-auth, alternating on one private cluster so both see the same machine.
# Prints each run and the ratio of the medians. Usage: tests/bench/auth_bench.sh [seconds] [rounds]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init auth-bench
seconds=${1:-10}
rounds=${2:-3}

run() {  # $1 = on|off
  local extra=()
  [ "$1" = off ] && extra=(--insecure-no-auth)
  start_dpc "${extra[@]}"
  "$driver" "$port" "$seconds" 8 a | sed -nE 's/^\(a\).*: ([0-9]+)$/\1/p'
  stop_dpc
}

on=(); off=()
for r in $(seq 1 "$rounds"); do
  a_on=$(run on); a_off=$(run off)
  echo "round $r: auth on ${a_on}/s, auth off ${a_off}/s"
  on+=("$a_on"); off+=("$a_off")
done
m_on=$(median "${on[@]}"); m_off=$(median "${off[@]}")
echo "(a) with Basic auth: median ${m_on}/s; without: median ${m_off}/s; ratio $(awk -v a="$m_on" -v b="$m_off" 'BEGIN{printf "%.1f%%", 100*a/b}')"
