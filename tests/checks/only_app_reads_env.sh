#!/usr/bin/env bash
# Configuration comes in one way: the app module reads flags and DPC_* variables and passes
# them down. Fails naming file and line when another module's source reads the environment.
# Usage: only_app_reads_env.sh SOURCE_DIR
set -uo pipefail
root=$1
found=$(grep -rnE '\b(std::)?(secure_)?getenv\s*\(' "$root/src" "$root/include" --include='*.cpp' --include='*.h' \
        | grep -v "^$root/src/app/" | grep -v "^$root/include/dpc/app/")
if [ -n "$found" ]; then
  echo "read the setting in src/app (config.cpp) and pass it in, instead of:"
  echo "${found//$root\//}"
  exit 1
fi
echo "only src/app reads the environment"
