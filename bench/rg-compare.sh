#!/usr/bin/env bash
# Compares the engine's raw term scan with ripgrep on the same corpus and terms.
#
#   bench/rg-compare.sh [POSTS] [TERMS]      (defaults: 200000 posts, 10000 terms)
#
# Writes the generated corpus (one post a line) and term list to $WORK (default /tmp/policy-rg),
# then times
#   rg -F -i -w -f terms.txt corpus.txt -c
#   Policy.Benchmarks scan terms.txt corpus.txt    (build TermIndex, read + normalize + scan each line)
# with hyperfine if installed (else bash `time`), and prints both times, the ratio and the hit counts.
# Needs ripgrep (apt-get install -y ripgrep); hyperfine is optional (apt-get install -y hyperfine).
set -euo pipefail

POSTS="${1:-200000}"
TERMS="${2:-10000}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-/tmp/policy-rg}"
mkdir -p "$WORK"
CORPUS="$WORK/corpus.txt"
TERMFILE="$WORK/terms.txt"

command -v rg >/dev/null || { echo "ripgrep (rg) not found: apt-get update && apt-get install -y ripgrep" >&2; exit 1; }

echo "== build (Release)"
dotnet build "$ROOT/bench/Policy.Benchmarks" -c Release -v q -nologo >/dev/null
DLL="$ROOT/bench/Policy.Benchmarks/bin/Release/net10.0/Policy.Benchmarks.dll"
BENCH=(dotnet "$DLL")

echo "== corpus: $POSTS posts, $TERMS terms -> $WORK"
"${BENCH[@]}" corpus "$CORPUS" "$TERMFILE" --count "$POSTS" --terms "$TERMS"
ls -l "$CORPUS" "$TERMFILE" | awk '{print "   " $5 " bytes  " $9}'

echo "== hit counts"
RG_LINES=$(rg -F -i -w -f "$TERMFILE" "$CORPUS" -c || true)
echo "   rg -F -i -w: lines with a hit: ${RG_LINES:-0}"
SCAN_OUT=$("${BENCH[@]}" scan "$TERMFILE" "$CORPUS")
echo "$SCAN_OUT" | sed 's/^/   /'
ENGINE_LINES=$(echo "$SCAN_OUT" | sed -n 's/^RESULT .*hits=\([0-9]*\).*/\1/p')
ENGINE_SCAN_MS=$(echo "$SCAN_OUT" | sed -n 's/^RESULT .* scan_ms=\([0-9.]*\).*/\1/p')
ENGINE_TERMSCAN_MS=$(echo "$SCAN_OUT" | sed -n 's/^RESULT .* termscan_ms=\([0-9.]*\).*/\1/p')
EXACT_LINES=$("${BENCH[@]}" scan "$TERMFILE" "$CORPUS" --no-endings | sed -n 's/^RESULT .* hits=\([0-9]*\).*/\1/p')
ENGINE_BUILD_MS=$(echo "$SCAN_OUT" | sed -n 's/^RESULT .*build_ms=\([0-9.]*\).*/\1/p')
echo "   engine (word mode + default endings): lines with a hit: $ENGINE_LINES; without endings (closer to rg -w): $EXACT_LINES"

echo "== timing (wall clock, whole process)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs "${RUNS:-10}" --export-json "$WORK/hyperfine.json" -N \
    "rg -F -i -w -f $TERMFILE $CORPUS -c" \
    "dotnet $DLL scan $TERMFILE $CORPUS"
  read -r RG_MS ENGINE_MS < <(python3 -c "
import json,sys
r=json.load(open('$WORK/hyperfine.json'))['results']
print(r[0]['mean']*1000, r[1]['mean']*1000)")
else
  t() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
  RG_MS=$(t rg -F -i -w -f "$TERMFILE" "$CORPUS" -c); ENGINE_MS=$(t "${BENCH[@]}" scan "$TERMFILE" "$CORPUS")
fi

echo "== summary"
python3 - "$RG_MS" "$ENGINE_MS" "$ENGINE_SCAN_MS" "$ENGINE_BUILD_MS" "${RG_LINES:-0}" "$ENGINE_LINES" "$ENGINE_TERMSCAN_MS" "$EXACT_LINES" <<'PY'
import sys
rg, eng, scan, build, rgl, engl, termscan, exact = map(float, sys.argv[1:])
print(f"   rg -F -i -w -f (whole process)          {rg:8.0f} ms")
print(f"   engine scan   (whole process, with .NET start and index build) {eng:8.0f} ms  ratio engine/rg {eng/rg:5.2f}")
print(f"   engine scan   (in process: read+normalize+scan, excl. start and build) {scan:8.0f} ms  ratio engine/rg {scan/rg:5.2f}")
print(f"   of which TermIndex.Scan alone (text already normalized) {termscan:8.0f} ms  ratio engine/rg {termscan/rg:5.2f}")
print(f"   engine index build                       {build:8.0f} ms")
print(f"   lines with a hit: rg {int(rgl)}, engine {int(engl)} (default endings), {int(exact)} (no endings)")
PY
