#!/usr/bin/env bash
# Kogge baseline benchmarks, one command: start-up time to the first 200 of /health/ready and throughput
# under wrk, each on SQLite and on PostgreSQL, compared in the same run as ratios. See docs/benchmarks.md.
#
#   bench/run.sh                                  full run as root (about 4 minutes on 2 quiet cores)
#   RUNS=1 DURATION=3s WARMUP=1s bench/run.sh     quick check that the script works
#
# Prints a markdown report on stdout and progress on stderr: bench/run.sh > /tmp/report.md
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}                  # start-up runs per provider and database state
DURATION=${DURATION:-15s}        # measured wrk run per endpoint
WARMUP=${WARMUP:-5s}             # discarded wrk run before each measured one
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
APP_PORT=${APP_PORT:-5590}       # first port tried; the next free one is taken
PG_PORT=${PG_PORT:-55433}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP=${KEEP:-0}                  # 1 keeps the work folder (server logs, wrk output) after a successful run
PG_CLUSTER=kogge-bench
PG_PASSWORD=kogge-bench
TENANT=rostock
ADMIN_EMAIL=admin@rostock.example
DLL=src/Kogge.Web/bin/Release/net10.0/Kogge.Web.dll
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

log() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

secs() { local v=$1; case $v in *m) echo $((${v%m} * 60)) ;; *s) echo "${v%s}" ;; *) echo "$v" ;; esac; }
[ $(($(secs "$WARMUP") + $(secs "$DURATION"))) -lt 55 ] ||
  die "WARMUP + DURATION must stay under 55 s: the page run's sign-in cookie must not outlive the 1-minute security-stamp interval"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d /tmp/kogge-bench.XXXXXX)
SERVER_PID=
SERVER_LOG=
PG_CREATED=0
PG_VERSION=

cleanup() {
  local rc=$?
  stop_server
  if [ "$PG_CREATED" = 1 ]; then
    pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 || log "could not drop PostgreSQL cluster $PG_CLUSTER"
  fi
  if [ "$rc" -eq 0 ] && [ "$KEEP" != 1 ]; then
    rm -rf "$WORK"
  else
    log "server logs and wrk output kept in $WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }
free_port() { local p=$1; until port_free "$p"; do p=$((p + 1)); done; echo "$p"; }

# ---------------------------------------------------------------- prerequisites

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v pg_createcluster >/dev/null || need+=(postgresql)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need[*]}; install them or run as root"
  log "apt-get install ${need[*]}"
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi
[ "$(id -u)" = 0 ] || die "run as root: the script creates and removes its own PostgreSQL cluster"

if [ "$SKIP_BUILD" != 1 ]; then
  log "dotnet build -c Release src/Kogge.Web"
  dotnet build -c Release src/Kogge.Web >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log" >&2; die "build failed"; }
fi
[ -f "$DLL" ] || die "$DLL is missing; build first"

PASSWORD=$(grep -o 'const string Password = "[^"]*"' src/Kogge.Web/Platform/Demo/DemoData.cs | sed 's/.*= "//; s/"$//')
[ -n "$PASSWORD" ] || die "demo password not found in DemoData.cs"

APP_PORT=$(free_port "$APP_PORT")
BASE=http://127.0.0.1:$APP_PORT

# ---------------------------------------------------------------- PostgreSQL cluster of our own

PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 || true   # left over from an aborted run
PG_PORT=$(free_port "$PG_PORT")
log "PostgreSQL $PG_VERSION cluster $PG_CLUSTER on 127.0.0.1:$PG_PORT"
pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null || die "pg_createcluster failed"
PG_CREATED=1
mkdir -p "/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d"
printf "listen_addresses = '127.0.0.1'\n" >"/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/kogge-bench.conf"
pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start || die "PostgreSQL did not start"
psql_admin() { su postgres -c "psql -q -X -v ON_ERROR_STOP=1 -p $PG_PORT -c \"$1\"" >/dev/null; }
psql_admin "ALTER USER postgres PASSWORD '$PG_PASSWORD'"
pg_connection() { echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=$1"; }

# ---------------------------------------------------------------- the server

# $1 = sqlite|postgres, $2 = connection string, $3 = log name. Sets SERVER_PID and START_NS.
start_server() {
  SERVER_LOG=$WORK/$3.log
  local vars=(ASPNETCORE_ENVIRONMENT=Development "Kogge__Database__ConnectionString=$2")
  if [ "$1" = postgres ]; then vars+=(Kogge__Database__Provider=Postgres); else vars+=(Kogge__Database__Provider=Sqlite); fi
  port_free "$APP_PORT" || die "port $APP_PORT is taken"
  START_NS=$(date +%s%N)
  env "${vars[@]}" dotnet "$DLL" --urls "$BASE" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
}

# Polls /health/ready every 10 ms; prints the milliseconds from process start to its first 200.
wait_ready() {
  local deadline=$(($(date +%s) + 300)) code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/health/ready" || true)
    [ "$code" = 200 ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited before it was ready; see $SERVER_LOG"
    [ "$(date +%s)" -lt "$deadline" ] || die "no 200 from /health/ready within 300 s; see $SERVER_LOG"
    sleep 0.01
  done
  echo $((($(date +%s%N) - START_NS) / 1000000))
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# ---------------------------------------------------------------- 1. start-up

declare -A STARTUP=()
startup_run() { # $1 provider, $2 state, $3 connection string, $4 run number
  start_server "$1" "$3" "startup-$1-$2-$4"
  local ms
  ms=$(wait_ready)
  stop_server
  STARTUP[$1,$2]+=" $ms"
  log "start-up $1 $2 database, run $4: $ms ms"
}

# One untimed start first, so that the first measured run does not pay for a cold file cache.
log "untimed warm-up start"
startup_run sqlite warmup "Data Source=$WORK/warmup/kogge.db" 0

for i in $(seq "$RUNS"); do
  # SQLite: a new file each run. PostgreSQL: a new, empty database each run (CREATE DATABASE is not timed).
  startup_run sqlite empty "Data Source=$WORK/sqlite-$i/kogge.db" "$i"
  startup_run sqlite existing "Data Source=$WORK/sqlite-$i/kogge.db" "$i"
  psql_admin "CREATE DATABASE kogge_start_$i"
  startup_run postgres empty "$(pg_connection "kogge_start_$i")" "$i"
  startup_run postgres existing "$(pg_connection "kogge_start_$i")" "$i"
done

# ---------------------------------------------------------------- 2. throughput

form_token() { grep -o 'name="__kogge_csrf"[^>]*value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }

# Signs in as the Rostock admin into cookie jar $1 (antiforgery field and cookie, then the form post).
sign_in() {
  local jar=$1 page=$WORK/signin.html code csrf
  code=$(curl -s -c "$jar" -b "$jar" -o "$page" -w '%{http_code}' "$BASE/$TENANT/konto/anmelden")
  [ "$code" = 200 ] || die "GET /$TENANT/konto/anmelden answered $code"
  csrf=$(form_token "$page")
  [ -n "$csrf" ] || die "no __kogge_csrf field on the sign-in page"
  code=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "Input.Email=$ADMIN_EMAIL" --data-urlencode "Input.Password=$PASSWORD" \
    --data-urlencode "__kogge_csrf=$csrf" "$BASE/$TENANT/konto/anmelden")
  [ "$code" = 302 ] || die "sign-in as $ADMIN_EMAIL answered $code instead of a redirect"
  grep -q "\.Kogge\.Auth\.$TENANT" "$jar" || die "sign-in set no .Kogge.Auth.$TENANT cookie"
}

# Creates a TenantAdmin service account through the admin page and prints its token.
create_token() {
  local jar=$1 page=$WORK/dienstkonten.html csrf token
  curl -s -c "$jar" -b "$jar" -o "$page" "$BASE/$TENANT/verwaltung/dienstkonten"
  csrf=$(form_token "$page")
  [ -n "$csrf" ] || die "no __kogge_csrf field on /$TENANT/verwaltung/dienstkonten"
  curl -s -c "$jar" -b "$jar" -o "$page" --data-urlencode "Input.Name=Lasttest" \
    --data-urlencode "Input.Roles=TenantAdmin" --data-urlencode "__kogge_csrf=$csrf" "$BASE/$TENANT/verwaltung/dienstkonten"
  token=$(grep -o 'data-testid="api-token">[^<]*' "$page" | sed 's/.*>//')
  [ -n "$token" ] || die "no token in [data-testid=api-token] after creating a service account"
  echo "$token"
}

ENDPOINTS=(live page municipality users)
declare -A URL=(
  [live]=/health/live
  [page]=/$TENANT/verwaltung/benutzer
  [municipality]=/$TENANT/api/v1/municipality
  [users]=/$TENANT/api/v1/users
)
declare -A R=()

load_run() { # $1 provider, $2 connection string
  local provider=$1 jar=$WORK/jar-$1 cookie token name out line
  start_server "$provider" "$2" "load-$provider"
  wait_ready >/dev/null
  sign_in "$jar"
  token=$(create_token "$jar")
  declare -A hdr=([live]="" [page]="" [municipality]="Authorization: Bearer $token" [users]="Authorization: Bearer $token")
  for name in "${ENDPOINTS[@]}"; do
    if [ "$name" = page ]; then
      # A fresh sign-in right before the page runs: wrk keeps sending the cookie it was given, and once that
      # cookie is older than Identity's security-stamp interval (1 minute in Kogge) every request would check
      # the stamp in the database and issue a new cookie, which a browser would have taken after the first.
      rm -f "$jar"
      sign_in "$jar"
      cookie=$(awk '!/^# / && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
      hdr[page]="Cookie: $cookie"
    fi
    local header=() code
    [ -z "${hdr[$name]}" ] || header=(-H "${hdr[$name]}")
    local args=(-t"$THREADS" -c"$CONNECTIONS" --latency --timeout 10s -s bench/status.lua "${header[@]}")
    code=$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "$BASE${URL[$name]}")
    [ "$code" = 200 ] || die "$provider ${URL[$name]} answered $code before the load run"
    wrk "${args[@]}" -d"$WARMUP" "$BASE${URL[$name]}" >"$WORK/wrk-$provider-$name-warmup.txt"
    out=$WORK/wrk-$provider-$name.txt
    wrk "${args[@]}" -d"$DURATION" "$BASE${URL[$name]}" >"$out"
    line=$(grep '^BENCH ' "$out") || die "no figures in $out"
    for kv in ${line#BENCH }; do R[$provider,$name,${kv%%=*}]=${kv#*=}; done
    log "load $provider ${URL[$name]}: ${R[$provider,$name,rps]} req/s, p99 ${R[$provider,$name,p99_ms]} ms, not 200: ${R[$provider,$name,not200]}, socket errors: ${R[$provider,$name,socket_errors]}, timeouts: ${R[$provider,$name,timeouts]}"
  done
  stop_server
  # Responses the server logged as 500 although wrk counted none: requests still in flight when a wrk run
  # ended and closed its connections (the cancelled database call surfaces as a 500 in the log).
  R[$provider,logged500]=$(grep -c 'responded 500' "$SERVER_LOG" || true)
}

load_run sqlite "Data Source=$WORK/sqlite-load/kogge.db"
psql_admin "CREATE DATABASE kogge_load"
load_run postgres "$(pg_connection kogge_load)"

# ---------------------------------------------------------------- report

values() { tr ' ' '\n' | grep -v '^$' | sort -n; }
median() { values | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "–"; else printf "%.2f", a / b }'; }
cell() { # "median (min–max)" in ms
  local v=${STARTUP[$1,$2]}
  printf '%s (%s–%s)' "$(echo "$v" | median)" "$(echo "$v" | values | head -1)" "$(echo "$v" | values | tail -1)"
}
valid() { # "all N responses 200" when the measured run is sound, else what voids it
  local p=$1 n=$2
  if [ "${R[$p,$n,not200]}" = 0 ] && [ "${R[$p,$n,socket_errors]}" = 0 ] && [ "${R[$p,$n,timeouts]}" = 0 ] && [ "${R[$p,$n,ok]}" -gt 0 ]; then
    echo "all ${R[$p,$n,ok]} responses 200"
  else
    echo "**VOID**: ${R[$p,$n,not200]} responses not 200, ${R[$p,$n,socket_errors]} socket errors, ${R[$p,$n,timeouts]} timeouts"
  fi
}
declare -A LABEL=(
  [live]="\`/health/live\` (framework baseline)"
  [page]="\`/$TENANT/verwaltung/benutzer\` (page, cookie)"
  [municipality]="\`/$TENANT/api/v1/municipality\` (API, token)"
  [users]="\`/$TENANT/api/v1/users\` (API, token)"
)

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
mem=$(free -h | awk '/^Mem:/ { print $2 }')
pg_server=$(su postgres -c "psql -X -A -t -p $PG_PORT -c 'SHOW server_version'" 2>/dev/null | awk '{ print $1 }')

cat <<EOF
## Kogge baseline — $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)

Machine: $(nproc) cores, $cpu, $mem RAM, Debian $(cat /etc/debian_version 2>/dev/null || echo ?), kernel $(uname -r);
.NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }');
PostgreSQL $pg_server; $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'). Server and load generator share the cores.
Load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after the measurements: $LOAD_AFTER.

### Start-up: process start to the first 200 of \`/health/ready\` (ms, median (min–max) of $RUNS runs)

| database | SQLite | PostgreSQL | PostgreSQL / SQLite |
|---|---:|---:|---:|
| empty (migrations + demo seeding) | $(cell sqlite empty) | $(cell postgres empty) | $(ratio "$(echo "${STARTUP[postgres,empty]}" | median)" "$(echo "${STARTUP[sqlite,empty]}" | median)") |
| existing | $(cell sqlite existing) | $(cell postgres existing) | $(ratio "$(echo "${STARTUP[postgres,existing]}" | median)" "$(echo "${STARTUP[sqlite,existing]}" | median)") |
| empty / existing | $(ratio "$(echo "${STARTUP[sqlite,empty]}" | median)" "$(echo "${STARTUP[sqlite,existing]}" | median)") | $(ratio "$(echo "${STARTUP[postgres,empty]}" | median)" "$(echo "${STARTUP[postgres,existing]}" | median)") | |

### Throughput: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` after a $WARMUP warm-up, 127.0.0.1

| endpoint | SQLite req/s | SQLite p99 ms | SQLite ÷ live | PostgreSQL req/s | PostgreSQL p99 ms | PostgreSQL ÷ live | PostgreSQL / SQLite req/s | PostgreSQL / SQLite p99 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
for n in "${ENDPOINTS[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${LABEL[$n]}" \
    "${R[sqlite,$n,rps]}" "${R[sqlite,$n,p99_ms]}" "$(ratio "${R[sqlite,$n,rps]}" "${R[sqlite,live,rps]}")" \
    "${R[postgres,$n,rps]}" "${R[postgres,$n,p99_ms]}" "$(ratio "${R[postgres,$n,rps]}" "${R[postgres,live,rps]}")" \
    "$(ratio "${R[postgres,$n,rps]}" "${R[sqlite,$n,rps]}")" "$(ratio "${R[postgres,$n,p99_ms]}" "${R[sqlite,$n,p99_ms]}")"
done

echo
echo "Checks of the measured runs (a row with a VOID run has no valid figures):"
echo
status=0
for n in "${ENDPOINTS[@]}"; do
  s=$(valid sqlite "$n") p=$(valid postgres "$n")
  echo "- ${LABEL[$n]}: SQLite $s; PostgreSQL $p"
  case "$s$p" in *VOID*) status=2 ;; esac
done
echo
echo "Server log, whole load phase including warm-ups: ${R[sqlite,logged500]} (SQLite) / ${R[postgres,logged500]} (PostgreSQL) requests logged as \`responded 500\`."
[ "$status" = 0 ] || log "some load runs had responses other than 200 or socket errors: their figures are void"
exit "$status"
