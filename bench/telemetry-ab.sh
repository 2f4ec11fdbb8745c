#!/usr/bin/env bash
# Telemetry on versus off, measured so that a shared, busy machine does not decide the answer:
# two API processes of the same build run side by side, A with telemetry off (the default) and B
# with the Prometheus scrape on (scraped every 5 s, as Prometheus would), and short wrk bursts
# alternate between them (A B B A A B ...), so whatever else the machine does falls on both alike.
# Reported per mode: requests/s and server CPU per answered check (user+system of that process),
# summed over all its bursts, and the ratio B/A.
# Usage: bench/telemetry-ab.sh [rounds, default 6] [burst, default 5s] [connections, default 32]
# MODES="single batch" (default both). OTLP=1 also sends B's traces and metrics over OTLP/HTTP to a
# small local sink that accepts and discards them (a stand-in for a collector; sampling as configured,
# default 10 %). EXTRA_B="--Policy:Telemetry:TraceSampleRatio 1" adds settings to B only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-6}
BURST=${2:-5s}
CONNS=${3:-32}
MODES=${MODES:-single batch}
PORT_A=${PORT:-5199}
PORT_B=$((PORT_A + 1))
WORK=$(mktemp -d /tmp/policy-ab.XXXXXX)
PIDS=()
SCRAPER=""
cleanup() {
  [ -n "$SCRAPER" ] && kill "$SCRAPER" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

echo "== build (Release)"
dotnet publish src/Policy.Api -c Release -o "$WORK/app" -v quiet -nologo >/dev/null
dotnet build bench/Policy.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/Policy.Benchmarks -- corpus "$WORK/corpus.txt" "$WORK/terms.txt" --count 20000 --terms 100 >/dev/null

ADMIN="pk_ab_admin_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start() {
  local name=$1 port=$2 telemetry=$3; shift 3
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet "$WORK/app/Policy.Api.dll" --urls "http://127.0.0.1:$port" \
    --Policy:Identity:BootstrapAdminKey "$ADMIN" --Policy:Storage:DataDirectory "$WORK/data-$name" \
    --Policy:RateLimits:ChecksPerPerson 1000000 --Policy:Telemetry:PrometheusScrape "$telemetry" "$@" >"$WORK/api-$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return; sleep 0.2; done
  echo "API $name did not start:"; cat "$WORK/api-$name.log"; exit 1
}
if [ "${OTLP:-0}" = 1 ]; then
  SINK_PORT=$((PORT_A + 2))
  python3 - "$SINK_PORT" <<'EOF' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
EOF
  PIDS+=($!)
  EXTRA_B="--Policy:Telemetry:OtlpEndpoint http://127.0.0.1:$SINK_PORT --Policy:Telemetry:OtlpProtocol http/protobuf ${EXTRA_B:-}"
fi
# shellcheck disable=SC2086
start a "$PORT_A" false
# shellcheck disable=SC2086
start b "$PORT_B" true ${EXTRA_B:-}
PID_A=${PIDS[-2]}
PID_B=${PIDS[-1]}
key() {
  curl -sf "http://127.0.0.1:$1/api/v1/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"personId":"load","displayName":"Load Test","email":"load@example.org","roles":["employee"]}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
}
KEY_A=$(key "$PORT_A")
KEY_B=$(key "$PORT_B")
(while true; do curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT_B/metrics"; sleep 5; done) &
SCRAPER=$!

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# One burst against one process; prints "checks cpu_ticks".
burst() {
  local port=$1 key=$2 pid=$3 mode=$4 duration=$5 c0 c1 out
  c0=$(ticks "$pid")
  out=$(wrk -t2 -c"$CONNS" -d"$duration" -s bench/load.lua "http://127.0.0.1:$port" -- "$WORK/corpus.txt" "$key" "$mode" | grep '^RESULT')
  c1=$(ticks "$pid")
  local checks=${out##*checks=}
  echo "${checks%% *} $((c1 - c0))"
}

for mode in $MODES; do
  echo "== warm-up: $mode, both processes (not measured)"
  burst "$PORT_A" "$KEY_A" "$PID_A" "$mode" 8s >/dev/null
  burst "$PORT_B" "$KEY_B" "$PID_B" "$mode" 8s >/dev/null
  checks_a=0; ticks_a=0; checks_b=0; ticks_b=0
  for r in $(seq 1 "$ROUNDS"); do
    # A B, then B A: neither side always goes first.
    if [ $((r % 2)) = 1 ]; then order="a b"; else order="b a"; fi
    for side in $order; do
      if [ "$side" = a ]; then
        read -r c t < <(burst "$PORT_A" "$KEY_A" "$PID_A" "$mode" "$BURST"); checks_a=$((checks_a + c)); ticks_a=$((ticks_a + t))
      else
        read -r c t < <(burst "$PORT_B" "$KEY_B" "$PID_B" "$mode" "$BURST"); checks_b=$((checks_b + c)); ticks_b=$((ticks_b + t))
      fi
    done
    echo "   round $r/$ROUNDS: load average $(cut -d' ' -f1 /proc/loadavg)"
  done
  python3 - "$mode" "$checks_a" "$ticks_a" "$checks_b" "$ticks_b" "$ROUNDS" "$BURST" "$(getconf CLK_TCK)" <<'EOF'
import sys
mode, ca, ta, cb, tb, rounds, burst, hz = sys.argv[1], *map(int, sys.argv[2:4]), *map(int, sys.argv[4:6]), int(sys.argv[6]), sys.argv[7], int(sys.argv[8])
seconds = rounds * float(burst.rstrip('s'))
cpu_a, cpu_b = ta * 1e6 / hz / max(ca, 1), tb * 1e6 / hz / max(cb, 1)
print(f"{mode}: telemetry off {ca / seconds:,.0f} checks/s, {cpu_a:.1f} us CPU per check | "
      f"telemetry on {cb / seconds:,.0f} checks/s, {cpu_b:.1f} us CPU per check | "
      f"on/off: throughput {cb / max(ca, 1):.3f}, CPU per check {cpu_b / cpu_a:.3f}")
EOF
done
echo "== machine: $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
