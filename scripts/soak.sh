#!/usr/bin/env bash
# Memory soak: builds the apps, then runs bench/src/soak/main.ts, which starts an API, a worker
# and composer-sim (bench databases and queue prefix), keeps a constant load on them for N
# minutes, samples their RSS and fails when it grew by more than 10 % after the warm-up.
#   pnpm soak -- --minutes 10
#   pnpm soak -- --help
# Needs PostgreSQL and Redis running (scripts/ensure-tools.sh starts them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build-quietly.sh
exec node --import tsx bench/src/soak/main.ts "$@"
