#!/usr/bin/env bash
# Notice PDFs per second: a Liquid notice template filled in and set as PDF, next to the same text set as PDF
# without the template, in alternating rounds on one thread. See docs/benchmarks.md.
#   bench/notices.sh            full run (5 rounds × 3 s per way, ≈ 40 s)
#   bench/notices.sh 0.5 1      quick check that it works
# Needs fonts-dejavu-core (as Kogge does for notices).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Kogge.Notices.Bench/Kogge.Notices.Bench.csproj -c Release -nologo -v quiet >&2
echo "Command: bench/notices.sh $*"
echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo ".NET SDK $(dotnet --version); PDFsharp $(grep -o 'PDFsharp" Version="[^"]*' Directory.Packages.props | cut -d'"' -f3)"
echo
exec dotnet bench/Kogge.Notices.Bench/bin/Release/net10.0/Kogge.Notices.Bench.dll "$@"
