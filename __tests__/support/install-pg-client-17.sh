#!/usr/bin/env bash
# Installs pg_dump and pg_restore of PostgreSQL 17 for the dump-and-restore test (registry-backup-roundtrip.test.ts),
# from Debian's own packages, without touching the system: the test's server is PostgreSQL 17 (as on DigitalOcean),
# and pg_dump refuses a server of a newer major than its own, so Debian 12's postgresql-client (15) cannot dump it.
#
# Debian 12 (bookworm) has no postgresql-client-17, not even in bookworm-backports. Debian 13 (trixie) has it, built
# against glibc 2.41 (bookworm has 2.36). So: download trixie's postgresql-client-17, libpq5, libldap2 and libc6 with
# apt (signatures checked with Debian's archive keyring; a private package list, the system's sources untouched),
# unpack them with dpkg-deb -x into .build/pg-client-17, and run the binaries through trixie's own dynamic loader with
# trixie's libraries first on the search path. Libraries found on the system after those (libssl, libgssapi, ...) are
# older builds, which a newer glibc runs. Nothing is installed into the system.
#
# Does nothing when a pg_dump 17 is already on the machine (/usr/lib/postgresql/17/bin) or already unpacked here.
# Usage: bash __tests__/support/install-pg-client-17.sh   (prints the bin folder on its last line)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD/.build/pg-client-17"
bin="$root/bin"

if [ -x /usr/lib/postgresql/17/bin/pg_dump ]; then
  echo "/usr/lib/postgresql/17/bin"
  exit 0
fi
if [ -x "$bin/pg_dump" ] && "$bin/pg_dump" --version | grep -q ' 17\.'; then
  echo "$bin"
  exit 0
fi
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] && [ -r /usr/share/keyrings/debian-archive-keyring.gpg ] || {
  echo "install-pg-client-17: unpacks Debian's packages, so it needs Debian on amd64; elsewhere install a" \
    "PostgreSQL 17 client so that /usr/lib/postgresql/17/bin/pg_dump exists (e.g. postgresql-client-17 from" \
    "PostgreSQL's apt repository, as the GitHub workflow does)" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/debs"
# The Debian archive this machine already uses (its apt sources), with trixie instead of its own suite.
mirror=$(
  {
    sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n' || true
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
  } | grep -E '/debian/?$' | head -n 1 || true
)
[ -n "$mirror" ] || {
  echo "install-pg-client-17: no Debian archive in this machine's apt sources" >&2
  exit 1
}
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" >"$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" -qq update
(cd "$work/debs" && apt-get "${apt_opts[@]}" -qq download postgresql-client-17 libpq5 libldap2 libc6)

rm -rf "$root"
mkdir -p "$root/unpacked" "$bin"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root/unpacked"; done
lib="$root/unpacked/usr/lib/x86_64-linux-gnu"
for tool in pg_dump pg_restore psql; do
  cat >"$bin/$tool" <<EOF
#!/bin/sh
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu" \\
  "$root/unpacked/usr/lib/postgresql/17/bin/$tool" "\$@"
EOF
  chmod +x "$bin/$tool"
done
"$bin/pg_dump" --version | grep -q ' 17\.' || {
  echo "install-pg-client-17: the unpacked pg_dump does not run: $("$bin/pg_dump" --version 2>&1)" >&2
  exit 1
}
echo "$bin"
