#!/usr/bin/env bash
# Application submissions benchmark, one command: POST /api/v1/applications over HTTP through the real host (Release
# build, 127.0.0.1) on SQLite and PostgreSQL with 1, 8 and 64 clients, each next to the raw commit ceiling of the
# same database measured in the same run (one-row INSERT + COMMIT, same durability, same clients). See docs/benchmarks.md.
#
#   KOGGE_BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=kogge" bench/submissions.sh > /tmp/submissions.md
#
# Settings (environment): KOGGE_BENCH_POSTGRES (a server connection string; without it SQLite only), CLIENTS
# ("1 8 64"), DURATION (seconds per measurement, 10). Markdown goes to stdout, progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Kogge.Web -c Release --nologo -v q >&2
dotnet build bench/Kogge.Submissions.Bench -c Release --nologo -v q >&2
echo "Submissions benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
dotnet bench/Kogge.Submissions.Bench/bin/Release/net10.0/Kogge.Submissions.Bench.dll src/Kogge.Web/bin/Release/net10.0/Kogge.Web.dll ${KOGGE_BENCH_POSTGRES:+"$KOGGE_BENCH_POSTGRES"}
