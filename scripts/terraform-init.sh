#!/usr/bin/env bash
# `terraform init` of one synthesized stack folder with its committed provider lock file (-lockfile=readonly): plan
# and apply then install exactly the provider builds the lock file names, and a lock file that lacks a provider the
# stack needs fails here instead of being rewritten. Used by .github/workflows/harbor.yml.
#
#   scripts/terraform-init.sh <stack folder> warn|fail
#
# Without a lock file: `warn` (the pull-request plan) initializes as usual and says how to add one; `fail` (the
# deploy) stops, so an apply never runs with providers nobody reviewed.
set -euo pipefail
dir=${1:?usage: terraform-init.sh <stack folder> warn|fail}
missing=${2:-warn}
name=$(basename "$dir")
if [ -f "$dir/.terraform.lock.hcl" ]; then
  exec terraform -chdir="$dir" init -input=false -no-color -lockfile=readonly
fi
message="no committed provider lock file ${dir%/}/.terraform.lock.hcl: after npm run synth, run terraform -chdir=${dir%/} providers lock -platform=linux_amd64 -platform=darwin_arm64 -platform=linux_arm64 and commit the file"
if [ "$missing" = fail ]; then
  echo "::error title=$name::$message"
  exit 1
fi
echo "::warning title=$name::$message"
exec terraform -chdir="$dir" init -input=false -no-color
