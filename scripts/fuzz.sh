#!/usr/bin/env bash
# Long runs of the property-based fuzz suite (apps/api/test/fuzz), which `pnpm test` runs with a
# small budget. It drives every operation of the API's own /openapi.json in-process, against a
# database of its own and the composer simulator.
#   pnpm fuzz -- --runs 2000                 # requests per operation (default 500)
#   pnpm fuzz -- --seed 12345 --runs 2000    # replay the run that printed this seed
#   pnpm fuzz -- --only composeImage,getBlueprint
# Needs PostgreSQL and Redis running (scripts/ensure-tools.sh starts them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export FUZZ_RUNS="${FUZZ_RUNS:-500}"
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift ;;
    --runs) export FUZZ_RUNS="$2"; shift 2 ;;
    --seed) export FUZZ_SEED="$2"; shift 2 ;;
    --only) export FUZZ_ONLY="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
exec pnpm exec vitest run apps/api/test/fuzz/fuzz.test.ts
