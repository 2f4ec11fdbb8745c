#!/usr/bin/env bash
# Load harness: builds Release, starts the API on loopback with a fresh database, creates a key,
# drives POST /api/v1/checks (and /batch) with wrk from the generated corpus, and reports
# requests/s, p50/p99, errors, peak RSS, and decision-log rows versus successful checks.
# Usage: bench/load.sh [duration, default 30s] [connections, default 64]
# SYNC=Normal measures with Policy:Storage:Synchronous=Normal (durable against a killed process,
# not against power loss); SKIP_RG=1 skips the ripgrep comparison. WARMUP=20s (default) drives each
# mode unmeasured first: a fresh process spends its first ~15-20 s in tiered JIT (tier 0,
# instrumented tier, tier 1), which is what a cold measurement mostly shows; WARMUP=0 measures cold.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
CONNS=${2:-64}
WARMUP=${WARMUP:-20s}
PORT=${PORT:-5099}
WORK=$(mktemp -d /tmp/policy-load.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

echo "== build (Release)"
dotnet publish src/Policy.Api -c Release -o "$WORK/app" -v quiet -nologo >/dev/null
dotnet build bench/Policy.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/Policy.Benchmarks -- corpus "$WORK/corpus.txt" "$WORK/terms.txt" --count 20000 --terms 100 >/dev/null

ADMIN="pk_load_admin_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "== start API on 127.0.0.1:$PORT (fresh database in $WORK/data)"
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$WORK/app/Policy.Api.dll" --urls "http://127.0.0.1:$PORT" \
  --Policy:Storage:DataDirectory "$WORK/data" --Policy:Identity:BootstrapAdminKey "$ADMIN" \
  --Policy:Storage:Synchronous "${SYNC:-Full}" >"$WORK/api.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
KEY=$(curl -sf "http://127.0.0.1:$PORT/api/v1/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"personId":"load","displayName":"Load Test","email":"load@example.org","roles":["employee"]}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

rows() { python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$WORK/data/policy.db?mode=ro', uri=True); print(c.execute('select count(*) from decisions').fetchone()[0])"; }

run() {
  local mode=$1 url=$2
  local before after result
  if [ "$WARMUP" != "0" ]; then
    echo "== warm-up (not measured): $mode, $CONNS connections, $WARMUP"
    wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/load.lua "$url" -- "$WORK/corpus.txt" "$KEY" "$mode" | grep '^RESULT' | sed 's/^RESULT/warm-up/'
  fi
  before=$(rows)
  local cpu0; cpu0=$(awk '{print $14+$15}' /proc/$PID/stat)
  echo "== wrk: $mode, $CONNS connections, $DURATION"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s bench/load.lua "$url" -- "$WORK/corpus.txt" "$KEY" "$mode" | tee "$WORK/wrk-$mode.txt"
  sleep 1
  after=$(rows)
  result=$(grep '^RESULT' "$WORK/wrk-$mode.txt")
  local checks=${result##*checks=}; checks=${checks%% *}
  # wrk stops with requests in flight: those are committed but their answers are never read, so
  # the log may hold up to one request per connection more than wrk counted, never fewer.
  local surplus=$((after - before - checks))
  echo "decision-log rows added: $((after - before)); checks answered with 200: $checks; rows - answered: $surplus (in flight at the cut-off; must be >= 0)"
  [ "$surplus" -ge 0 ] || { echo "FAIL: an answered check is missing from the decision log"; exit 1; }
  local cpu1; cpu1=$(awk '{print $14+$15}' /proc/$PID/stat)
  echo "server CPU per answered check: $(python3 -c "print(f'{($cpu1 - $cpu0) * 1e6 / $(getconf CLK_TCK) / max($checks, 1):.1f}')") us (user+system, all threads)"
  echo "peak RSS so far: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
}

run single "http://127.0.0.1:$PORT"
run batch "http://127.0.0.1:$PORT"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs || echo unknown CPU), $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --version)"
if [ "${SKIP_RG:-0}" != "1" ] && [ -x bench/rg-compare.sh ]; then
  echo "== engine term scan vs ripgrep"
  bench/rg-compare.sh 200000 10000 | tail -n 8
fi
