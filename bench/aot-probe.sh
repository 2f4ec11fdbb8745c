#!/usr/bin/env bash
# Native AOT probe: publishes bench/Policy.AotProbe (the API's check path alone: key check, engine on
# the default pack, HMAC fingerprint, group-committed SQLite decision log with synchronous=FULL) with
# Native AOT and drives it as bench/load.sh drives the API: idle and peak RSS, requests/s, p50/p99,
# decision-log rows against answered checks. Needs gcc or clang for the native link.
# Usage: bench/aot-probe.sh [duration, default 30s] [connections, default 64]   (WARMUP=20s)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
CONNS=${2:-64}
WARMUP=${WARMUP:-20s}
PORT=${PORT:-5098}
WORK=$(mktemp -d /tmp/policy-aot.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

echo "== publish (Release, Native AOT)"
dotnet publish bench/Policy.AotProbe -c Release -r linux-x64 -o "$WORK/app" -v quiet -nologo >/dev/null
dotnet build bench/Policy.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/Policy.Benchmarks -- corpus "$WORK/corpus.txt" "$WORK/terms.txt" --count 20000 --terms 100 >/dev/null

KEY="probe_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
POLICIES="$PWD/policies" DB="$WORK/decisions.db" KEY="$KEY" "$WORK/app/Policy.AotProbe" --urls "http://127.0.0.1:$PORT" >"$WORK/probe.log" 2>&1 &
PID=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
sleep 1
echo "idle RSS: $(grep VmRSS /proc/$PID/status | awk '{print $2, $3}')"
rows() { python3 -c "import sqlite3; c=sqlite3.connect('file:$WORK/decisions.db?mode=ro', uri=True); print(c.execute('select count(*) from decisions').fetchone()[0])"; }
[ "$WARMUP" = 0 ] || wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/load.lua "http://127.0.0.1:$PORT" -- "$WORK/corpus.txt" "$KEY" single | grep '^RESULT' | sed 's/^RESULT/warm-up/'
before=$(rows)
cpu0=$(awk '{print $14+$15}' "/proc/$PID/stat")
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s bench/load.lua "http://127.0.0.1:$PORT" -- "$WORK/corpus.txt" "$KEY" single | tee "$WORK/wrk.txt"
cpu1=$(awk '{print $14+$15}' "/proc/$PID/stat")
sleep 1
result=$(grep '^RESULT' "$WORK/wrk.txt"); checks=${result##*checks=}; checks=${checks%% *}
after=$(rows)
echo "decision-log rows added: $((after - before)); checks answered with 200: $checks; rows - answered: $((after - before - checks))"
echo "server CPU per answered check: $(python3 -c "print(f'{($cpu1 - $cpu0) * 1e6 / $(getconf CLK_TCK) / max($checks, 1):.1f}')") us"
echo "peak RSS: $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
