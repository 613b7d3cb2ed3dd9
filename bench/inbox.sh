#!/usr/bin/env bash
# Clerk inbox benchmark, one command: the inbox page over HTTP through the real host (Release build, 127.0.0.1) on
# SQLite and PostgreSQL with 1,000 and 100,000 open tasks, side by side with the p95 ratio. See docs/benchmarks.md.
#
#   bench/inbox.sh > /tmp/inbox.md
#
# Settings (environment): KOGGE_BENCH_POSTGRES (a server connection string; without it SQLite only, e.g.
# "Host=127.0.0.1;Port=5432;Username=postgres;Password=kogge"), SIZES ("1000 100000"), REQUESTS (300 per page),
# WARMUP (30). Markdown goes to stdout, progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Kogge.Web -c Release --nologo -v q >&2
dotnet build bench/Kogge.Inbox.Bench -c Release --nologo -v q >&2
echo "Inbox benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
dotnet bench/Kogge.Inbox.Bench/bin/Release/net10.0/Kogge.Inbox.Bench.dll src/Kogge.Web/bin/Release/net10.0/Kogge.Web.dll ${KOGGE_BENCH_POSTGRES:+"$KOGGE_BENCH_POSTGRES"}
