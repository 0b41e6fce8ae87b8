#!/usr/bin/env bash
# Benchmarks the service on this machine: builds the apps, then runs bench/src/main.ts, which
# starts its own API, worker and composer simulator on free ports against its own databases
# (imagebuilder_bench*) and queue prefix, loads them, prints a summary, and cleans up.
#   pnpm bench                                   # every scenario, 3 s warm-up + 10 s each
#   pnpm bench -- --duration 3 --warmup 1 --only post-compose,get-compose
#   pnpm bench -- --help
# Needs PostgreSQL and Redis running (scripts/ensure-tools.sh starts them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build-quietly.sh
exec node --import tsx bench/src/main.ts "$@"
