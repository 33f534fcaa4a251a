#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration against a
# throwaway PostgreSQL that ctest starts and stops, and the DMN TCK). Exits non-zero on
# any failure; the last line is the summary "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
scripts/build.sh || exit 1
log=$(mktemp)
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 600) 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
rm -f "$log"
if [ -n "$summary" ]; then
  failed=$(echo "$summary" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+)/\1/')
  total=$(echo "$summary" | sed -E 's/.* out of ([0-9]+)/\1/')
  echo "$((total - failed)) passed, ${failed} failed"
else
  echo "0 passed, 1 failed"
  rc=1
fi
exit "$rc"
