#!/usr/bin/env bash
# Market figures for the README (issue 17): cash-loan simulations per second (36-month
# schedule with APR; explicit terms, and by productId with the catalogue's prices), the
# product page's server time at 200 concurrent connections (p50/p99), and public
# application-form submissions per second (full validation, one process instance started and
# one application row written per submission), with wrk against one node on its private
# PostgreSQL with the --demo catalogue. The rate limiter stays on with a limit no run
# reaches, so its cost is counted.
# Usage: tests/bench/market_bench.sh [path/to/dpc]   (default build/src/app/dpc)
set -euo pipefail
cd "$(dirname "$0")/../.."
dpc=$(realpath "${1:-build/src/app/dpc}")
work=$(mktemp -d /tmp/dpc-market-bench-XXXXXX)
chmod 755 "$work"
port=${DPC_BENCH_PORT:-18182}
seconds=${DPC_BENCH_SECONDS:-10}
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)"; exit 1; }

user=market-bench; password=Correct-horse-battery-77
samples=$(realpath bpmn-samples)
(cd "$work" && DPC_ADMIN_USER=$user DPC_ADMIN_PASSWORD=$password DPC_SAMPLES_DIR=$samples \
   exec "$dpc" serve --demo --port "$port" --no-access-log --public-rate 1000000 --public-burst 1000000 \
   >>"$work/serve.log" 2>&1) &
pid=$!
healthy=""
for _ in $(seq 1 1200); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/health" && { healthy=1; break; }
  sleep 0.1
done
[ -n "$healthy" ] || { echo "server did not become healthy"; cat "$work/serve.log"; exit 1; }

cat >"$work/apply.bpmn" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/bench">
  <bpmn:process id="benchApplication" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="received"/>
    <bpmn:userTask id="review"/>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>
XML
cat >"$work/apply.form" <<'JSON'
{"id": "bench-application", "type": "default", "application": {"public": true, "processKey": "benchApplication"},
 "components": [
  {"type": "textfield", "key": "firstName", "validate": {"required": true, "maxLength": 100}},
  {"type": "textfield", "key": "pesel", "validate": {"required": true}, "properties": {"validationType": "pesel"}},
  {"type": "textfield", "key": "iban", "properties": {"validationType": "iban"}},
  {"type": "textfield", "key": "phone", "properties": {"validationType": "phonePL"}},
  {"type": "textfield", "key": "email", "properties": {"validationType": "email"}},
  {"type": "number", "key": "amount", "validate": {"required": true, "min": 1000, "max": 200000}}]}
JSON
curl -fsS -u "$user:$password" -o /dev/null -F deployment-name=bench -F "apply.bpmn=@$work/apply.bpmn" \
  -F "apply.form=@$work/apply.form" "http://127.0.0.1:$port/engine-rest/deployment/create"

cat >"$work/loan.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"amount": 20000, "months": 36, "annualRate": 9.99, "upfrontFee": 500, "monthlyFee": 0, "instalments": "equal"}'
LUA
cat >"$work/loan-product.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"productId": "cash-loan", "amount": 20000, "months": 36, "instalments": "equal"}'
LUA
cat >"$work/submit.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"version": 1, "website": "", "data": {"firstName": "Jan", "pesel": "44051401359", "iban": "PL61109010140000071219812874", "phone": "+48601234567", "email": "jan@example.pl", "amount": 20000}}'
done = function(summary, latency, requests)
  io.write(string.format("errors: non-2xx %d, connect %d, read %d, timeout (over 2 s) %d\n", summary.errors.status,
                         summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
LUA

echo "cash-loan simulations (36 instalments, APR), wrk -c32 ${seconds}s:"
wrk -t2 -c32 -d"${seconds}s" -s "$work/loan.lua" "http://127.0.0.1:$port/api/market/simulations/cash-loan" | grep -E 'Requests/sec|Latency|Non-2xx'
echo "cash-loan simulations by productId (catalogue prices and promotions), wrk -c32 ${seconds}s:"
wrk -t2 -c32 -d"${seconds}s" -s "$work/loan-product.lua" "http://127.0.0.1:$port/api/market/simulations/cash-loan" | grep -E 'Requests/sec|Latency|Non-2xx'
curl -fs -o /dev/null "http://127.0.0.1:$port/market/products/cash-loan?lang=en" || { echo "no product page (demo catalogue not loaded?)"; exit 1; }
echo "product page /market/products/cash-loan (server-rendered), wrk -c200 ${seconds}s:"
wrk -t2 -c200 -d"${seconds}s" --latency "http://127.0.0.1:$port/market/products/cash-loan?lang=en" | grep -E 'Requests/sec|Latency  | 50%| 99%|Non-2xx|Socket errors'
echo "application submissions (validated, one instance each), wrk -c16 ${seconds}s:"
wrk -t2 -c16 -d"${seconds}s" -s "$work/submit.lua" "http://127.0.0.1:$port/api/forms/bench-application/submissions" | grep -E 'Requests/sec|Latency|Non-2xx|errors:'
count=$(curl -fs -u "$user:$password" "http://127.0.0.1:$port/engine-rest/process-instance/count?processDefinitionKey=benchApplication")
echo "instances started: $count"
