# Shared by the bench scripts (sourced, not run): one `dpc serve` on a private PostgreSQL
# cluster in a temporary directory, logged in as the test administrator (HTTP Basic, as
# Camunda clients do), and the median of a list of figures.
#   bench_init NAME        sets dpc (DPC_BENCH_BIN, else this build's), driver (engine_bench), work,
#                          port, pg; cleans up on exit
#   start_dpc [ARGS...]    starts `dpc serve` with ARGS and waits until /health answers
#   stop_dpc               stops it (the cluster's files stay in $work)
#   median N...            the median (the mean of the middle two for an even count)
bench_admin=dpc-test-admin
bench_admin_password=Test-admin-password-1

bench_init() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.."
  dpc=$(realpath "${DPC_BENCH_BIN:-build/src/app/dpc}")  # another build of dpc to compare with
  driver=$(realpath build/tests/bench/engine_bench)
  work=$(mktemp -d "/tmp/dpc-$1-XXXXXX")
  chmod 755 "$work"  # the cluster runs as another user when we are root
  port=${DPC_BENCH_PORT:-18283}
  pg="host=$work/var/pg port=5432 user=dpc dbname=dpc"
  dpc_pid=""
  trap 'stop_dpc; rm -rf "$work"' EXIT
}

start_dpc() {
  (cd "$work" && DPC_ADMIN_USER=$bench_admin DPC_ADMIN_PASSWORD=$bench_admin_password \
     exec "$dpc" serve --port "$port" --no-access-log --samples /nonexistent "$@" >>"$work/serve.log" 2>&1) &
  dpc_pid=$!
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && return 0; sleep 0.05; done
  echo "dpc did not become healthy:" >&2
  cat "$work/serve.log" >&2
  exit 1
}

stop_dpc() {
  [ -n "$dpc_pid" ] && kill -TERM "$dpc_pid" 2>/dev/null && wait "$dpc_pid" 2>/dev/null
  dpc_pid=""
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
