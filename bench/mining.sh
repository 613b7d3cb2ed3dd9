#!/usr/bin/env bash
# Kogge.Mining benchmark: each step in a fresh process, against reference figures of PM4Py 2.7.14.
#   bench/mining.sh                      full run, 3 runs per step (≈ 10 minutes on a quiet machine; run nothing else meanwhile)
#   bench/mining.sh --repeat 1           one run per step
#   bench/mining.sh --only BPIC15        only the rows whose step or input contains the text
# Synthetic logs are generated once into the work folder (default /tmp/kogge-mining-bench, --work DIR).
# Results (Markdown) go to stdout, progress to stderr. Exit code 1 when a step failed.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build bench/Kogge.Mining.Bench/Kogge.Mining.Bench.csproj -c Release -nologo -v quiet >&2

echo "Command: bench/mining.sh $*"
echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S') UTC; commit $(git rev-parse --short HEAD)"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo ".NET SDK $(dotnet --version)"
echo

exec dotnet bench/Kogge.Mining.Bench/bin/Release/net10.0/Kogge.Mining.Bench.dll --data "${KOGGE_EVENTLOGS:-/work/shared/data/eventlogs}" "$@"
