#!/usr/bin/env bash
# Kogge.Feel (FEEL, DMN) and Kogge.Forms benchmark, with feelin 8.2.0 on Node for the FEEL comparison.
#   bench/feel.sh                                  full run (≈ 2 minutes; run nothing else meanwhile)
#   bench/feel.sh --rounds 1 --ms 20 --warmup 20   quick check that everything works and both engines agree
# Results (Markdown) go to stdout, progress and mismatches to stderr. Exit code 1 when a result differs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each engine times on one thread. BENCH_PIN=1 pins both engines, their JIT and GC threads to core 1
# (taskset); on the shared 2-core machine that made the figures worse and less stable, so it is off by default.
PIN=""
if [ -n "${BENCH_PIN:-}" ] && command -v taskset >/dev/null; then PIN="taskset -c 1"; fi

(cd bench/feelin && npm ci --ignore-scripts --no-audit --no-fund --silent)
dotnet build bench/Kogge.Feel.Bench/Kogge.Feel.Bench.csproj -c Release -nologo -v quiet >&2

echo "Command: ${BENCH_PIN:+BENCH_PIN=$BENCH_PIN }bench/feel.sh $*"
echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Pinned to one core: ${PIN:-no}"
echo ".NET SDK $(dotnet --version); Node $(node --version); feelin $(node -p "require('./bench/feelin/node_modules/feelin/package.json').version")"
echo

exec $PIN dotnet bench/Kogge.Feel.Bench/bin/Release/net10.0/Kogge.Feel.Bench.dll \
  --node "$(command -v node)" --feelin "$PWD/bench/feelin/feelin-bench.mjs" "$@"
