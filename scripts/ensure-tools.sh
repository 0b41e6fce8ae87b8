#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Node >= 20: pnpm, the
# dependencies, and a running PostgreSQL and Redis (started, or installed and started).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! command -v pnpm >/dev/null 2>&1; then
  log "installing pnpm"
  npm install -g pnpm@10 >/dev/null 2>&1
fi

log "installing dependencies"
pnpm install --frozen-lockfile --reporter=silent

PGHOST_CHECK="${PGHOST:-127.0.0.1}"
PGPORT_CHECK="${PGPORT:-5432}"
REDIS_PORT_CHECK="${REDIS_PORT:-6379}"

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_up() { pg_isready -q -h "$PGHOST_CHECK" -p "$PGPORT_CHECK" 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  log "installing PostgreSQL"
  apt_install postgresql
fi
if ! pg_up; then
  log "starting PostgreSQL"
  if ! ls /etc/postgresql >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql)" ]; then apt_install postgresql; fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { log "PostgreSQL did not start"; exit 1; }
fi

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT_CHECK" ping >/dev/null 2>&1; }
if ! command -v redis-server >/dev/null 2>&1; then
  log "installing Redis"
  apt_install redis-server
fi
if ! redis_up; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT_CHECK" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  redis_up || { log "Redis did not start"; exit 1; }
fi

# promtool (Debian's prometheus package): the alert-rule checks and tests in deploy/monitoring.
if ! command -v promtool >/dev/null 2>&1; then
  log "installing promtool (prometheus)"
  apt_install --no-install-recommends prometheus
fi

# Chromium (Debian's own build, never a downloaded one): the /docs page test in headless Chromium.
if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium"
  apt_install --no-install-recommends chromium
fi
