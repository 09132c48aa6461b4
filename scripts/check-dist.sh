#!/usr/bin/env bash
# Rebuilds dist/ and fails when the committed bundle differs from the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
if ! git diff --quiet --exit-code -- dist || [ -n "$(git ls-files --others --exclude-standard dist)" ]; then
  echo "dist/ is out of date with src/: run 'npm run build' and commit dist/" >&2
  git status --short dist | head -20 >&2
  exit 1
fi
echo "dist/ is in sync"
