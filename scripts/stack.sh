#!/usr/bin/env bash
# The whole stack on this machine, from the sources: PostgreSQL and Redis (installed or started
# when needed), the migrations, the composer simulator (unless COMPOSER_URL names a real
# composer), the console services simulator (unless CONTENT_SOURCES_URL names a real
# content-sources), the worker, and the API on :8086. Ctrl-C or SIGTERM stops every process cleanly.
#
# Settings (environment):
#   API_PORT         API port (8086)
#   SIM_PORT         simulator port (8700)
#   SIM_TIME_SCALE   simulated build durations x this factor (0.05: builds end in about 30 s)
#   COMPOSER_URL     a real composer; with COMPOSER_TOKEN_URL, COMPOSER_CLIENT_ID/SECRET
#   CONSOLE_SIM_PORT console services simulator port (8710), seeded with apps/console-sim/fixtures/stack.json
#   CONTENT_SOURCES_URL  real console services instead (with PROVISIONING_URL, COMPLIANCE_URL, RECOMMENDATIONS_*)
#   DATABASE_URL     or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (database "imagebuilder")
#   REDIS_URL        redis://127.0.0.1:6379
#   STACK_LOG_DIR    where each process logs (a new temporary directory by default)
#   STACK_QUIET=1    logs only to files, not to the terminal
#   STACK_SKIP_SETUP=1  skip scripts/ensure-tools.sh (dependencies installed, services running)
# Anything else the apps read (LOG_LEVEL, QUOTA_FILE, DISTRIBUTIONS_DIR...) is passed through.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[stack] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

API_PORT="${API_PORT:-8086}"
SIM_PORT="${SIM_PORT:-8700}"
SIM_TIME_SCALE="${SIM_TIME_SCALE:-0.05}"
CONSOLE_SIM_PORT="${CONSOLE_SIM_PORT:-8710}"
if [ -z "${DATABASE_URL:-}" ]; then
  # The same defaults as databaseUrlFromEnv (packages/db/src/client.ts).
  pg_password="${PGPASSWORD:+:${PGPASSWORD}}"
  DATABASE_URL="postgres://${PGUSER:-postgres}${pg_password}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/${PGDATABASE:-imagebuilder}"
fi
export DATABASE_URL
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
LOG_DIR="${STACK_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/image-builder-stack.XXXXXX")}"
mkdir -p "$LOG_DIR"

port_busy() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# Children: each runs from its app folder with tsx loaded into node itself (one process per
# app, so signals reach it directly). Output goes to $LOG_DIR/<name>.log and, prefixed, to the
# terminal; the log relays ignore SIGINT so they still carry each app's shutdown lines.
NAMES=()
PIDS=()

start() {
  local name="$1" dir="$2"
  shift 2
  : >"$LOG_DIR/$name.log"
  if [ "${STACK_QUIET:-}" = 1 ]; then
    (cd "$dir" && exec "$@") >>"$LOG_DIR/$name.log" 2>&1 &
    PIDS+=("$!")
  else
    local pidfile="$LOG_DIR/$name.pid"
    rm -f "$pidfile"
    { (cd "$dir" && echo "$BASHPID" >"$pidfile" && exec "$@") 2>&1 \
        | (trap '' INT; exec tee -a "$LOG_DIR/$name.log") \
        | (trap '' INT; exec sed -u "s/^/[$name] /"); } &
    for _ in $(seq 1 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
    [ -s "$pidfile" ] || die "$name did not start"
    PIDS+=("$(cat "$pidfile")")
  fi
  NAMES+=("$name")
}

alive() { kill -0 "$1" 2>/dev/null; }

# Stops the children newest first (API, then worker, then simulator), each within a deadline.
STOPPING=""
stop_all() {
  [ -n "$STOPPING" ] && return
  STOPPING=1
  local i pid deadline
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    alive "$pid" || continue
    say "stopping ${NAMES[$i]} (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if alive "$pid"; then
      say "${NAMES[$i]} did not stop in time: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  say "stopped; logs kept in $LOG_DIR"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# Fails when a child has exited before it was asked to.
check_children() {
  local i
  for i in "${!PIDS[@]}"; do
    if ! alive "${PIDS[$i]}"; then
      say "${NAMES[$i]} exited unexpectedly; last lines of $LOG_DIR/${NAMES[$i]}.log:"
      tail -n 20 "$LOG_DIR/${NAMES[$i]}.log" >&2 || true
      exit 1
    fi
  done
}

# `GET url` answers 2xx within `timeout` seconds, while every child stays up.
wait_for() {
  local what="$1" url="$2" timeout="$3" deadline=$((SECONDS + $3))
  while ! node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$url"; do
    check_children
    [ "$SECONDS" -lt "$deadline" ] || die "$what not ready after ${timeout}s: $url (logs in $LOG_DIR)"
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
[ "${STACK_SKIP_SETUP:-}" = 1 ] || bash scripts/ensure-tools.sh
port_busy "$API_PORT" && die "port $API_PORT is in use: stop what listens there or set API_PORT"

say "applying migrations"
pnpm --silent db:migrate

TSX=(node --import tsx src/main.ts)
if [ -z "${COMPOSER_URL:-}" ]; then
  port_busy "$SIM_PORT" && die "port $SIM_PORT is in use: stop what listens there or set SIM_PORT"
  export COMPOSER_URL="http://127.0.0.1:$SIM_PORT"
  export COMPOSER_TOKEN_URL="$COMPOSER_URL/token"
  export COMPOSER_CLIENT_ID="${COMPOSER_CLIENT_ID:-image-builder}"
  export COMPOSER_CLIENT_SECRET="${COMPOSER_CLIENT_SECRET:-image-builder-secret}"
  say "starting the composer simulator on :$SIM_PORT (time scale $SIM_TIME_SCALE)"
  PORT="$SIM_PORT" HOST=127.0.0.1 TIME_SCALE="$SIM_TIME_SCALE" \
    CLIENT_ID="$COMPOSER_CLIENT_ID" CLIENT_SECRET="$COMPOSER_CLIENT_SECRET" \
    start composer-sim apps/composer-sim "${TSX[@]}"
  wait_for "composer simulator" "$COMPOSER_URL/health" 60
fi

if [ -z "${CONTENT_SOURCES_URL:-}" ]; then
  port_busy "$CONSOLE_SIM_PORT" && die "port $CONSOLE_SIM_PORT is in use: stop what listens there or set CONSOLE_SIM_PORT"
  CONSOLE_SIM="http://127.0.0.1:$CONSOLE_SIM_PORT"
  export CONTENT_SOURCES_URL="$CONSOLE_SIM/api/content-sources/v1"
  export CONTENT_SOURCES_REPO_URL="${CONTENT_SOURCES_REPO_URL:-https://content.console-sim.test}"
  export CONTENT_SOURCES_REPO_PREFIX="${CONTENT_SOURCES_REPO_PREFIX:-/api/pulp-content}"
  export PROVISIONING_URL="${PROVISIONING_URL:-$CONSOLE_SIM/api/provisioning/v1}"
  export COMPLIANCE_URL="${COMPLIANCE_URL:-$CONSOLE_SIM/api/compliance/v2}"
  export RECOMMENDATIONS_URL="${RECOMMENDATIONS_URL:-$CONSOLE_SIM/api/recommendations}"
  export RECOMMENDATIONS_TOKEN_URL="${RECOMMENDATIONS_TOKEN_URL:-$CONSOLE_SIM/token}"
  export RECOMMENDATIONS_CLIENT_ID="${RECOMMENDATIONS_CLIENT_ID:-image-builder}"
  export RECOMMENDATIONS_CLIENT_SECRET="${RECOMMENDATIONS_CLIENT_SECRET:-image-builder-secret}"
  say "starting the console services simulator on :$CONSOLE_SIM_PORT"
  PORT="$CONSOLE_SIM_PORT" HOST=127.0.0.1 FIXTURE_FILE="$ROOT/apps/console-sim/fixtures/stack.json" \
    start console-sim apps/console-sim "${TSX[@]}"
  wait_for "console services simulator" "$CONSOLE_SIM/health" 60
fi

say "starting the worker (composer: $COMPOSER_URL)"
start worker apps/worker "${TSX[@]}"

say "starting the API on :$API_PORT"
PORT="$API_PORT" LISTEN_ADDRESS="0.0.0.0:$API_PORT" start api apps/api "${TSX[@]}"
wait_for "API" "http://127.0.0.1:$API_PORT/ready" 90

IDENTITY="$(node -e 'process.stdout.write(Buffer.from(JSON.stringify({
  entitlements: { rhel: { is_entitled: true } },
  identity: { account_number: "000000", type: "User", org_id: "000000", internal: { org_id: "000000" },
    user: { username: "user", email: "user@example.com" } } })).toString("base64"))')"
BASE="http://localhost:$API_PORT/api/image-builder/v1"
cat >&2 <<EOF

  Image Builder is up.
    API          $BASE   (ready: http://localhost:$API_PORT/ready, metrics: http://localhost:$API_PORT/metrics)
    OpenAPI      http://localhost:$API_PORT/openapi.json
    composer     $COMPOSER_URL
    console      content-sources $CONTENT_SOURCES_URL, provisioning ${PROVISIONING_URL:-(none)}, compliance ${COMPLIANCE_URL:-(none)}, recommendations ${RECOMMENDATIONS_URL:-(none)}
    database     $DATABASE_URL
    redis        $REDIS_URL
    logs         $LOG_DIR/{api,worker,composer-sim,console-sim}.log

  Try it (org 000000):
    export IDENTITY='$IDENTITY'
    curl -s -H "x-rh-identity: \$IDENTITY" $BASE/distributions
    curl -s -H "x-rh-identity: \$IDENTITY" -H 'content-type: application/json' -X POST $BASE/compose \\
      -d '{"distribution":"rhel-9","image_requests":[{"architecture":"x86_64","image_type":"guest-image","upload_request":{"type":"aws.s3","options":{}}}]}'
    curl -s -H "x-rh-identity: \$IDENTITY" $BASE/composes/<id>

  Ctrl-C stops everything.

EOF

while true; do
  check_children
  sleep 1
done
