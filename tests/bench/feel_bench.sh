#!/usr/bin/env bash
# FEEL throughput, dpc vs feelin, side by side. Builds feel_bench (modules core;feel;dmn)
# and installs feelin from npm when needed, then runs both on the same workloads
# (feel_workloads.json) on one core each.
#   BUILD_DIR   build tree to use (default: <repo>/build-bench)
#   BENCH_SECONDS  seconds per workload and engine (default 2)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
seconds="${BENCH_SECONDS:-2}"

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDPC_MODULES="core;feel;dmn" >/dev/null
fi
cmake --build "$build" --target feel_bench -j2 >/dev/null
if [ ! -d "$here/feelin/node_modules/feelin" ]; then
  (cd "$here/feelin" && npm install --no-audit --no-fund --silent)
fi

dpc_json="$(mktemp)"
trap 'rm -f "$dpc_json"' EXIT
taskset -c 0 "$build/tests/bench/feel_bench" --benchmark_min_time="$seconds" \
  --benchmark_format=json >"$dpc_json" 2>/dev/null || \
  "$build/tests/bench/feel_bench" --benchmark_min_time="$seconds" --benchmark_format=json >"$dpc_json"
feelin_out="$(cd "$here/feelin" && BENCH_SECONDS="$seconds" taskset -c 0 node bench.mjs 2>/dev/null || \
  BENCH_SECONDS="$seconds" node bench.mjs)"

python3 - "$dpc_json" "$feelin_out" <<'PY'
import json, sys
dpc = {b["name"]: b["evals_per_s"] for b in json.load(open(sys.argv[1]))["benchmarks"]}
peer = dict(line.split() for line in sys.argv[2].strip().splitlines())
rows = [("unary test [18..65]", "BM_UnaryTest", "unary_test"),
        ("if/and expression with context", "BM_Expression", "expression"),
        ("decision table 20 rules x 3 inputs, FIRST", "BM_DecisionTable", "decision_table")]
print(f"{'workload':44} {'dpc evals/s':>14} {'feelin evals/s':>15} {'ratio':>8}")
for label, d, f in rows:
    a, b = float(dpc[d]), float(peer[f])
    print(f"{label:44} {a:14,.0f} {b:15,.0f} {a / b:7.0f}x")
PY
