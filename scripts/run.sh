#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs `dpc serve` on http://localhost:8080
# with a private PostgreSQL in ./var/pg and the demo users (printed at start; --demo).
# Arguments are passed to `dpc serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/src/app/dpc serve --demo "$@"
