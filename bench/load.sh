#!/usr/bin/env bash
# Load harness: builds Release, starts the API on loopback with a fresh database, creates a key,
# drives POST /api/v1/checks (and /batch) with wrk from the generated corpus, and reports
# requests/s, p50/p99, errors, peak RSS, and decision-log rows versus successful checks.
# Usage: bench/load.sh [duration, default 30s] [connections, default 64]
# SYNC=Normal measures with Policy:Storage:Synchronous=Normal (durable against a killed process,
# not against power loss); SKIP_RG=1 skips the ripgrep comparison. WARMUP=20s (default) drives each
# mode unmeasured first: a fresh process spends its first ~15-20 s in tiered JIT (tier 0,
# instrumented tier, tier 1), which is what a cold measurement mostly shows; WARMUP=0 measures cold.
# BACKEND=postgres INSTANCES=2: that many API processes on one fresh PostgreSQL database (server
# and role from the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD; the role must be allowed to
# create databases); the connections are split evenly, one wrk per instance, run at the same time.
# TELEMETRY=1 runs with the Prometheus scrape on (the OpenTelemetry SDK with Policy's, ASP.NET Core's
# and the runtime's meters) and scrapes /metrics every 5 s during the runs, as Prometheus would.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
CONNS=${2:-64}
WARMUP=${WARMUP:-20s}
PORT=${PORT:-5099}
BACKEND=${BACKEND:-sqlite}
INSTANCES=${INSTANCES:-1}
[ "$BACKEND" = postgres ] || [ "$INSTANCES" = 1 ] || { echo "several instances need BACKEND=postgres"; exit 2; }
WORK=$(mktemp -d /tmp/policy-load.XXXXXX)
PIDS=()
DB=""
SCRAPER=""
cleanup() {
  [ -n "$SCRAPER" ] && kill "$SCRAPER" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$DB" ] && dropdb --if-exists --force "$DB" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

echo "== build (Release)"
dotnet publish src/Policy.Api -c Release -o "$WORK/app" -v quiet -nologo >/dev/null
dotnet build bench/Policy.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/Policy.Benchmarks -- corpus "$WORK/corpus.txt" "$WORK/terms.txt" --count 20000 --terms 100 >/dev/null

ADMIN="pk_load_admin_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
STORE=(--Policy:Storage:DataDirectory "$WORK/data" --Policy:Storage:Synchronous "${SYNC:-Full}")
if [ "$BACKEND" = postgres ]; then
  DB="policy_load_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  createdb "$DB"
  STORE+=(--Policy:Storage:Postgres "Host=${PGHOST:-127.0.0.1};Port=${PGPORT:-5432};Username=${PGUSER:-postgres};Password=${PGPASSWORD:-};Database=$DB")
fi
for i in $(seq 0 $((INSTANCES - 1))); do
  port=$((PORT + i))
  echo "== start API $i on 127.0.0.1:$port ($BACKEND, fresh database${DB:+ $DB})"
  # One load key sends far more checks than a person could: lift its rate limit (docs/deployment.md).
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet "$WORK/app/Policy.Api.dll" --urls "http://127.0.0.1:$port" \
    --Policy:Identity:BootstrapAdminKey "$ADMIN" "${STORE[@]}" \
    --Policy:RateLimits:ChecksPerPerson 1000000 \
    --Policy:Telemetry:PrometheusScrape "$([ "${TELEMETRY:-0}" = 1 ] && echo true || echo false)" >"$WORK/api-$i.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq 0 $((INSTANCES - 1))); do
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$((PORT + i))/health" >/dev/null && break; sleep 0.2; done
done
KEY=$(curl -sf "http://127.0.0.1:$PORT/api/v1/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"personId":"load","displayName":"Load Test","email":"load@example.org","roles":["employee"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

rows() {
  if [ "$BACKEND" = postgres ]; then psql -d "$DB" -Atc 'select count(*) from decisions'
  else python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$WORK/data/policy.db?mode=ro', uri=True); print(c.execute('select count(*) from decisions').fetchone()[0])"; fi
}

# CPU ticks (user + system) of all API processes so far.
cpu() { for pid in "${PIDS[@]}"; do awk '{print $14+$15}' "/proc/$pid/stat"; done | awk '{s += $1} END {print s}'; }

run() {
  local mode=$1
  local before after checks=0 per=$((CONNS / INSTANCES)) threads=$((INSTANCES == 1 ? 2 : 1))
  if [ "$WARMUP" != "0" ]; then
    echo "== warm-up (not measured): $mode, $CONNS connections, $WARMUP"
    local warm=()
    for i in $(seq 0 $((INSTANCES - 1))); do
      wrk -t"$threads" -c"$per" -d"$WARMUP" -s bench/load.lua "http://127.0.0.1:$((PORT + i))" -- "$WORK/corpus.txt" "$KEY" "$mode" | grep '^RESULT' | sed 's/^RESULT/warm-up/' &
      warm+=($!)
    done
    wait "${warm[@]}"
  fi
  before=$(rows)
  local cpu0; cpu0=$(cpu)
  echo "== wrk: $mode, $CONNS connections ($per per instance, $INSTANCES instance(s)), $DURATION"
  local wrks=()
  for i in $(seq 0 $((INSTANCES - 1))); do
    wrk -t"$threads" -c"$per" -d"$DURATION" --latency -s bench/load.lua "http://127.0.0.1:$((PORT + i))" -- "$WORK/corpus.txt" "$KEY" "$mode" >"$WORK/wrk-$mode-$i.txt" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for i in $(seq 0 $((INSTANCES - 1))); do
    [ "$INSTANCES" = 1 ] || echo "-- instance $i"
    cat "$WORK/wrk-$mode-$i.txt"
    local result c
    result=$(grep '^RESULT' "$WORK/wrk-$mode-$i.txt")
    c=${result##*checks=}; checks=$((checks + ${c%% *}))
  done
  [ "$INSTANCES" = 1 ] || echo "TOTAL requests/s: $(cat "$WORK"/wrk-"$mode"-*.txt | awk '/^Requests\/sec/ {s += $2} END {printf "%.0f", s}'); checks answered: $checks"
  sleep 1
  after=$(rows)
  # wrk stops with requests in flight: those are committed but their answers are never read, so
  # the log may hold up to one request per connection more than wrk counted, never fewer.
  local surplus=$((after - before - checks))
  echo "decision-log rows added: $((after - before)); checks answered with 200: $checks; rows - answered: $surplus (in flight at the cut-off; must be >= 0)"
  [ "$surplus" -ge 0 ] || { echo "FAIL: an answered check is missing from the decision log"; exit 1; }
  local cpu1; cpu1=$(cpu)
  echo "server CPU per answered check: $(python3 -c "print(f'{($cpu1 - $cpu0) * 1e6 / $(getconf CLK_TCK) / max($checks, 1):.1f}')") us (user+system, all threads of all instances; PostgreSQL's own not included)"
  for pid in "${PIDS[@]}"; do echo "peak RSS so far (pid $pid): $(grep VmHWM /proc/"$pid"/status | awk '{print $2, $3}')"; done
}

if [ "${TELEMETRY:-0}" = 1 ]; then
  (while true; do curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/metrics"; sleep 5; done) &
  SCRAPER=$!
fi

run single
run batch
if [ -n "$SCRAPER" ]; then
  echo "== /metrics after the runs (Policy's meter)"
  curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/metrics" | grep -E '^policy_(checks_total|check_duration_seconds_(count|sum)|decision_log_commit_rows_(count|sum)|decision_log_queue_depth)' || true
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs || echo unknown CPU), $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --version)"
if [ "${SKIP_RG:-0}" != "1" ] && [ -x bench/rg-compare.sh ]; then
  echo "== engine term scan vs ripgrep"
  bench/rg-compare.sh 200000 10000 | tail -n 8
fi
