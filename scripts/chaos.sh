#!/usr/bin/env bash
# Fault injection against real processes: builds the apps, then runs bench/src/chaos/main.ts,
# which starts, per scenario, a private PostgreSQL and Redis (temporary folders, free loopback
# ports; never the machine's shared servers), composer-sim, the API and a worker, puts builds in
# flight, injects the fault and measures what was lost. Exits 1 when an accepted compose is lost.
#   pnpm chaos                                   # every scenario, 1,000 builds each
#   pnpm chaos -- --scenario worker-kill --scenario postgres-freeze --builds 200
#   pnpm chaos -- --help
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ " $* " != *" --from-source "* && " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  bash scripts/build-quietly.sh
fi
exec node --import tsx bench/src/chaos/main.ts "$@"
