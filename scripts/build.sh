#!/usr/bin/env bash
# Configures (once) and builds dpc and its tests into build/ (Release, Ninja, ccache).
# BUILD_TYPE=Debug scripts/build.sh builds into build-debug/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
type=${BUILD_TYPE:-Release}
dir=build
[ "$type" = Release ] || dir=build-$(echo "$type" | tr '[:upper:]' '[:lower:]')
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)"
