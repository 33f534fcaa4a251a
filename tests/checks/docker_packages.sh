#!/usr/bin/env bash
# docker/Dockerfile and scripts/install-deps.sh must not drift apart:
# - its build stage installs every library (-dev package) the install script installs;
# - its runtime stage installs the package of every shared library the built dpc binary needs
#   directly, or a package that depends on it (apt brings those), besides the base image's C/C++
#   runtime.
# Usage: docker_packages.sh SOURCE_DIR PATH_TO_DPC
set -uo pipefail
root=$1 dpc=$2
dockerfile=$root/docker/Dockerfile
fail=0

# The words of the apt-get install lines of one stage (from its FROM to the next FROM).
stage_packages() {  # $1: a pattern matching the stage's FROM line
  awk -v start="$1" '
    /^FROM / { in_stage = ($0 ~ start) }
    in_stage { print }' "$dockerfile" |
    sed -n '/apt-get install/,/rm -rf/p' | tr ' \\&' '\n\n\n' |
    grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -vE '^(apt-get|install|rm|update|useradd)$' | sort -u
}
build_stage=$(stage_packages 'AS build')
runtime_stage=$(stage_packages 'bookworm-slim')

# 1. The install script's -dev packages, in the build stage.
script_dev=$(sed -n '/^packages=(/,/^)/p' "$root/scripts/install-deps.sh" | sed 's/#.*//' |
  tr ' ' '\n' | grep -E '^lib[a-z0-9.+-]+-dev$' | sort -u)
for p in $script_dev; do
  if ! grep -qx "$p" <<<"$build_stage"; then
    echo "docker/Dockerfile: the build stage lacks $p (scripts/install-deps.sh installs it)"
    fail=1
  fi
done

# 2. The binary's direct shared libraries, in the runtime stage.
base="libc6 libstdc++6 libgcc-s1"
listed_and_their_deps=$(for p in $runtime_stage; do
    echo "$p"
    dpkg-query -W -f='${Depends}\n' "$p" 2>/dev/null | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//; s/ //g'
  done | sort -u)
needed=$(objdump -p "$dpc" | awk '/NEEDED/ { print $2 }')
[ -n "$needed" ] || { echo "no NEEDED entries read from $dpc"; exit 1; }
for lib in $needed; do
  path=$(ldd "$dpc" | awk -v l="$lib" '$1 == l { print $3 }')
  [ -n "$path" ] || { echo "$lib: not found by ldd"; fail=1; continue; }
  pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$pkg" ] || { echo "$lib ($path): no Debian package owns it"; fail=1; continue; }
  [[ " $base " == *" $pkg "* ]] && continue
  if ! grep -qx "$pkg" <<<"$listed_and_their_deps"; then
    echo "docker/Dockerfile: the runtime stage lacks $pkg (dpc needs $lib)"
    fail=1
  fi
done
[ "$fail" = 0 ] && echo "Dockerfile: build stage has the $(wc -w <<<"$script_dev") libraries of the install script; runtime stage provides the $(wc -w <<<"$needed") shared libraries dpc needs"
exit $fail
