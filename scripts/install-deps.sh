#!/usr/bin/env bash
# Installs what dpc needs to build, test and run, from Debian packages (and, once web/ has
# a package.json, from the npm registry). Idempotent: on a ready machine it checks and
# returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config git
  # libraries of the stack
  libboost-dev libpugixml-dev nlohmann-json3-dev libpqxx-dev libspdlog-dev
  libhowardhinnant-date-dev libpcre2-dev tzdata
  # identity: argon2id password hashes, tokens, constant-time compares
  libsodium-dev
  # TLS on the listener (OpenSSL through Asio); the openssl command makes the tests' certificates
  libssl-dev openssl
  # the server's allocator (tcmalloc minimal; see src/app/CMakeLists.txt)
  libgoogle-perftools-dev
  # JavaScript for script tasks: the engine builds its source (see src/engine/CMakeLists.txt)
  duktape-dev
  # password hashing (argon2id) and keyed hashes for the identity module
  libsodium-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev wrk
  # the database: dpc runs its own private cluster when no DPC_DATABASE_URL is given
  postgresql postgresql-contrib
  # process tools the scripts use (runuser, pgrep)
  util-linux procps
  # JavaScript: real Camunda clients in tests, and the web apps (built with npm)
  nodejs
  # the browser tests drive Debian's Chromium headless (tests/e2e/browser, playwright-core)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  # dpkg-query prints "install ok installed" only for a fully installed package
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian postgresql package starts a system-wide cluster on port 5432; dpc does not
# use it (it runs its own on a unix socket), so leave it as the package set it up.

# JavaScript parts: the web apps and the tests that use real JavaScript clients. Some npm
# packages (IBM Carbon, pulled in by form-js) start telemetry at install: never here.
export IBM_TELEMETRY_DISABLED=true
for dir in web tests/e2e/*/; do
  dir=${dir%/}
  [ -f "$dir/package-lock.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# The web apps: dpc serves web/dist (its default --web-root). Built again only when a source
# file, the lock file or the build config is newer than the last build.
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.dpc-web-built  # outside dist, which dpc serves
  # every page folder (web/*/index.html) counts, not only the first app's
  if [ ! -f web/dist/index.html ] || [ ! -f "$stamp" ] || [ -n "$(find web -path web/node_modules -prune -o \
        -path web/dist -prune -o -type f -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    echo "building the web apps (web/dist)"
    (cd web && npm run build --silent >/dev/null) && touch "$stamp"
  fi
fi
