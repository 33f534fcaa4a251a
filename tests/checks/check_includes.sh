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
  allowed="$m,${spec#*=}"
  dirs=()
  for dir in "$root/src/$m" "$root/include/dpc/$m"; do [ -d "$dir" ] && dirs+=("$dir"); done
  [ ${#dirs[@]} -gt 0 ] || continue
  # one pass per module: "file:line:#include <dpc/dep/..." -> the wrong ones, and a count
  out=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]dpc/[a-z_]+/' "${dirs[@]}" |
    awk -v allowed="$allowed" -v m="$m" -v root="$root/" '
      BEGIN { n = split(allowed, a, ","); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
      {
        count++
        dep = $0; sub(/^.*#[[:space:]]*include[[:space:]]*[<"]dpc\//, "", dep); sub(/\/.*$/, "", dep)
        if (!(dep in ok)) {
          split($0, f, ":"); file = f[1]; sub(root, "", file)
          printf "%s:%s: module %s includes dpc/%s/ but depends only on: %s\n", file, f[2], m, dep, allowed
        }
      }
      END { print "#count " count + 0 }')
  checked=$((checked + $(sed -n 's/^#count //p' <<<"$out")))
  wrong=$(grep -v '^#count ' <<<"$out")
  if [ -n "$wrong" ]; then echo "$wrong"; fail=1; fi
done
if [ "$fail" = 0 ]; then
  echo "layering: $checked includes of dpc headers checked, all within each module's dependencies"
else
  echo "layering: wrong includes above; either include what the module may use or change"
  echo "DPC_DEPS_<module> in CMakeLists.txt (and ARCHITECTURE.md's arrows) on purpose"
fi
exit $fail
