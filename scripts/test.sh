#!/usr/bin/env bash
# Every check CI runs: install, lint, typecheck, then all tests against real PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
pnpm lint
pnpm typecheck
pnpm exec vitest run
