#!/usr/bin/env bash
# `npm run charts`, and the last step of npm test's pretest: the pinned remote charts into the chart cache
# (scripts/fetch-charts.ts says from where, and how a fetch is checked). On Linux x64 it first installs the project's
# helm into .build/ (install-helm.sh, a no-op when there); elsewhere it uses `helm` on the PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then
  bash __tests__/support/install-helm.sh >/dev/null || echo "fetch-charts: installing helm into .build/helm failed" >&2
fi
node_modules/.bin/esbuild scripts/fetch-charts.ts --bundle --platform=node --target=node20 --packages=external \
  --log-level=warning --outfile=.build/fetch-charts.js
exec node .build/fetch-charts.js
