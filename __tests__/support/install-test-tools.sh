#!/usr/bin/env bash
# `npm test` runs this first (package.json "pretest"): the tools some tests run for real, each installed into .build/
# and nothing into the system, each a no-op when already there. See the two scripts.
set -euo pipefail
cd "$(dirname "$0")"
bash ./install-pg-client-17.sh >/dev/null
bash ./install-helm.sh >/dev/null
