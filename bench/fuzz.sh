#!/usr/bin/env bash
# Long fuzz run of the FEEL parser, the DMN reader and the form reader (the CI run does 2,000 cases per target).
#   bench/fuzz.sh                 200,000 cases for each target that has 2,000 in CI, the same share for the others
#   bench/fuzz.sh 20000           another count
# Writes one line per target (executions, outcomes, first and slowest input) to stdout; a finding fails its
# test and prints the CsCheck seed and the shrunk input that reproduce it.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-200000}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

dotnet build tests/Kogge.Feel.Tests -c Release -nologo -v quiet >&2
dotnet build tests/Kogge.Forms.Tests -c Release -nologo -v quiet >&2

echo "Command: bench/fuzz.sh $iterations"
echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo ".NET SDK $(dotnet --version)"
echo

status=0
export KOGGE_FUZZ_REPORT="$report" KOGGE_REQUIRE_SHARED_DATA=1
KOGGE_FUZZ_ITERATIONS="$iterations" dotnet tests/Kogge.Feel.Tests/bin/Release/net10.0/Kogge.Feel.Tests.dll \
  --filter-class Kogge.Feel.Tests.Properties.FuzzTests >&2 || status=1
KOGGE_FUZZ_ITERATIONS="$iterations" dotnet tests/Kogge.Forms.Tests/bin/Release/net10.0/Kogge.Forms.Tests.dll \
  --filter-class Kogge.Forms.Tests.FormFuzzTests >&2 || status=1
cat "$report"
exit $status
