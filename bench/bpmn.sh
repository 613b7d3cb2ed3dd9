#!/usr/bin/env bash
# Kogge.Bpmn engine benchmark, one command: in memory against bpmn-engine 25.0.1 on Node (same .bpmn file),
# durable on SQLite and PostgreSQL next to each database's raw commit ceiling, latency with many waiting instances,
# and the long crash test. See docs/benchmarks-bpmn.md.
#
#   bench/bpmn.sh > /tmp/bpmn.md          full run as root (creates and drops its own PostgreSQL cluster)
#   QUICK=1 bench/bpmn.sh                 quick check of the script: small counts, short runs, 3 kills
#
# Settings (environment): INSTANCES (Kogge in memory, 100000), NODE_INSTANCES (bpmn-engine, 5000), DURATION (s per
# durable run, 10), CLIENTS ("1 8 64"), LEVELS (waiting instances, "10000 1000000"), SQLITE_LEVELS (same as LEVELS),
# OPERATIONS (timed operations per level, 200), CRASH_KILLS (100), SKIP_BUILD=1, KEEP=1 (keep the work folder).
# Markdown goes to stdout, progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${QUICK:-}" ]; then
  : "${INSTANCES:=5000}" "${NODE_INSTANCES:=200}" "${DURATION:=2}" "${LEVELS:=2000 20000}" "${OPERATIONS:=30}" "${CRASH_KILLS:=3}"
fi
INSTANCES=${INSTANCES:-100000}
NODE_INSTANCES=${NODE_INSTANCES:-5000}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-1 8 64}
LEVELS=${LEVELS:-10000 1000000}
SQLITE_LEVELS=${SQLITE_LEVELS:-$LEVELS}
OPERATIONS=${OPERATIONS:-200}
CRASH_KILLS=${CRASH_KILLS:-100}
PG_PORT=${PG_PORT:-55473}
PG_CLUSTER=kogge-bpmn-bench
PG_PASSWORD=kogge-bench
NODE_DIR=/tmp/kogge-bpmn-engine
BENCH=bench/Kogge.Bpmn.Bench/bin/Release/net10.0/Kogge.Bpmn.Bench.dll
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

WORK=$(mktemp -d /tmp/kogge-bpmn-bench.XXXXXX)
PG_CREATED=0
PG_VERSION=
cleanup() {
  local rc=$?
  if [ "$PG_CREATED" = 1 ]; then
    pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 || log "could not drop PostgreSQL cluster $PG_CLUSTER"
  fi
  if [ "$rc" -eq 0 ] && [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
  else
    log "measurements and logs kept in $WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "run as root: the script creates and removes its own PostgreSQL cluster"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed for bpmn-engine"
command -v pg_createcluster >/dev/null || die "postgresql is needed (apt-get install postgresql)"

# ---------------------------------------------------------------- preparation

log "npm install bpmn-engine@25.0.1 feelin@8.2.0 in $NODE_DIR"
mkdir -p "$NODE_DIR"
[ -f "$NODE_DIR/package.json" ] || echo '{"private": true}' >"$NODE_DIR/package.json"
(cd "$NODE_DIR" && npm install --ignore-scripts --no-audit --no-fund --silent bpmn-engine@25.0.1 feelin@8.2.0) || die "npm install failed"
cp bench/Kogge.Bpmn.Bench/bpmn-engine-bench.mjs bench/Kogge.Bpmn.Bench/application.bpmn "$NODE_DIR/"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "dotnet build -c Release bench/Kogge.Bpmn.Bench, dotnet build tests/Kogge.Bpmn.Storage.Tests"
  dotnet build -c Release bench/Kogge.Bpmn.Bench -nologo -v q >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log" >&2; die "build failed"; }
  dotnet build tests/Kogge.Bpmn.Storage.Tests -nologo -v q >>"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log" >&2; die "build failed"; }
fi

PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 || true
while ss -Hltn "sport = :$PG_PORT" | grep -q .; do PG_PORT=$((PG_PORT + 1)); done
log "PostgreSQL $PG_VERSION cluster $PG_CLUSTER on 127.0.0.1:$PG_PORT"
pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null || die "pg_createcluster failed"
PG_CREATED=1
mkdir -p "/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d"
# Debian's defaults (fsync on, synchronous_commit on); only more connections for 64 clients plus job workers.
printf "listen_addresses = '127.0.0.1'\nmax_connections = 300\n" >"/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/kogge-bench.conf"
pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start || die "PostgreSQL did not start"
psql_admin() { su postgres -c "psql -q -X -v ON_ERROR_STOP=1 -p $PG_PORT -c \"$1\"" >/dev/null; }
psql_admin "ALTER USER postgres PASSWORD '$PG_PASSWORD'"
PG_SERVER="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
pg_database() { psql_admin "CREATE DATABASE $1"; echo "$PG_SERVER;Database=$1;Maximum Pool Size=200"; }

echo "Command: ${QUICK:+QUICK=$QUICK }bench/bpmn.sh"
echo "Settings: INSTANCES=$INSTANCES NODE_INSTANCES=$NODE_INSTANCES DURATION=$DURATION CLIENTS=\"$CLIENTS\" LEVELS=\"$LEVELS\" SQLITE_LEVELS=\"$SQLITE_LEVELS\" OPERATIONS=$OPERATIONS CRASH_KILLS=$CRASH_KILLS"
echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo ".NET SDK $(dotnet --version); Node $(node --version); bpmn-engine $(node -p "require('$NODE_DIR/node_modules/bpmn-engine/package.json').version"); PostgreSQL $PG_VERSION"
echo

# ---------------------------------------------------------------- 1. in memory against bpmn-engine

log "in memory: Kogge $INSTANCES instances, bpmn-engine $NODE_INSTANCES instances (parse once, parse each)"
dotnet "$BENCH" memory "$INSTANCES" 20000 >"$WORK/memory.json"
node "$NODE_DIR/bpmn-engine-bench.mjs" "$NODE_DIR/application.bpmn" "$NODE_INSTANCES" 200 parse-once >"$WORK/node-once.json"
node "$NODE_DIR/bpmn-engine-bench.mjs" "$NODE_DIR/application.bpmn" "$NODE_INSTANCES" 200 parse-each >"$WORK/node-each.json"

# ---------------------------------------------------------------- 2. durable with concurrent clients

for provider in sqlite postgres; do
  for c in $CLIENTS; do
    log "durable: $provider, $c clients, ${DURATION}s ceiling then ${DURATION}s engine"
    if [ "$provider" = sqlite ]; then
      conn="Data Source=$WORK/durable-$c.db"
    else
      conn=$(pg_database "durable_$c")
    fi
    dotnet "$BENCH" durable "$provider" "$conn" "$c" "$DURATION" | sed "s/^{/{\"provider\":\"$provider\",/" >>"$WORK/durable.json"
  done
done

# ---------------------------------------------------------------- 3. scale

log "scale: PostgreSQL with $LEVELS waiting instances"
dotnet "$BENCH" scale postgres "$(pg_database scale)" "$OPERATIONS" $LEVELS | sed 's/^{/{"provider":"postgres",/' >"$WORK/scale.json"
log "scale: SQLite with $SQLITE_LEVELS waiting instances"
dotnet "$BENCH" scale sqlite "Data Source=$WORK/scale.db" "$OPERATIONS" $SQLITE_LEVELS | sed 's/^{/{"provider":"sqlite",/' >>"$WORK/scale.json"

# ---------------------------------------------------------------- 4. crash test, long version

CRASH=passed
for provider in Sqlite Postgres; do
  log "crash test: $provider, $CRASH_KILLS kills"
  if ! KOGGE_CRASH_KILLS=$CRASH_KILLS KOGGE_TEST_POSTGRES=$PG_SERVER dotnet test --project tests/Kogge.Bpmn.Storage.Tests --no-build -- \
      --filter-class "Kogge.Bpmn.Storage.Tests.${provider}CrashTests" >"$WORK/crash-$provider.log" 2>&1; then
    tail -30 "$WORK/crash-$provider.log" >&2
    CRASH=failed
  fi
  grep -E "total:|failed:|succeeded:|duration:" "$WORK/crash-$provider.log" | tr -s ' ' | paste -sd' ' | sed "s/^/$provider: /" >>"$WORK/crash.txt"
done

node bench/Kogge.Bpmn.Bench/report.mjs "$WORK" "$CRASH_KILLS"
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$CRASH" = passed ] || exit 1
