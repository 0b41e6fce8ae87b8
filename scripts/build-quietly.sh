#!/usr/bin/env bash
# Builds the apps (pnpm build), printing the build's output only when it fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_log="$(mktemp)"
if ! pnpm --silent build >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  exit 1
fi
rm -f "$build_log"
