#!/usr/bin/env bash
# The layering of ARCHITECTURE.md, enforced: a module's sources (src/<m>/) and public headers
# (include/dpc/<m>/) may include only its own headers and those of the modules it depends on
# (the top CMakeLists.txt's DPC_DEPS_<m>, followed transitively).
# Usage: check_includes.sh SOURCE_DIR m1=dep1,dep2,... m2=... (the closures, from CMake)
set -uo pipefail
root=$1; shift
fail=0 checked=0
for spec in "$@"; do
  m=${spec%%=*}
  allowed=" $m ${spec#*=} "
  allowed=${allowed//,/ }
  for dir in "$root/src/$m" "$root/include/dpc/$m"; do
    [ -d "$dir" ] || continue
    while IFS=: read -r file line text; do
      dep=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]dpc\/([a-z_]+)\/.*/\1/' <<<"$text")
      checked=$((checked + 1))
      if [[ "$allowed" != *" $dep "* ]]; then
        echo "${file#$root/}:$line: module '$m' includes dpc/$dep/ but depends only on:${allowed% }"
        fail=1
      fi
    done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]dpc/[a-z_]+/' "$dir")
  done
done
if [ "$fail" = 0 ]; then
  echo "layering: $checked includes of dpc headers checked, all within each module's dependencies"
else
  echo "layering: wrong includes above; either include what the module may use or change"
  echo "DPC_DEPS_<module> in CMakeLists.txt (and ARCHITECTURE.md's arrows) on purpose"
fi
exit $fail
