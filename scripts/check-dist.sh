#!/usr/bin/env bash
# Rebuilds dist/ and fails when the committed bundle differs from the sources,
# or when an action.yml (the root one, <command>/action.yml) runs a bundle that is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
if ! git diff --quiet --exit-code -- dist || [ -n "$(git ls-files --others --exclude-standard dist)" ]; then
  echo "dist/ is out of date with src/: run 'npm run build' and commit dist/" >&2
  git status --short dist | head -20 >&2
  exit 1
fi
for action in action.yml */action.yml; do
  [ -f "$action" ] || continue
  main="$(realpath -m --relative-to=. "$(dirname "$action")/$(sed -n 's/^  main: //p' "$action")")"
  if ! git ls-files --error-unmatch "$main" >/dev/null 2>&1; then
    echo "$action runs $main, which is not a committed file: add its entry to package.json's bundle, run 'npm run build' and commit dist/" >&2
    exit 1
  fi
done
echo "dist/ is in sync"
