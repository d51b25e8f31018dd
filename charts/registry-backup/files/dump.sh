# pg_dump of one database into DUMP_DIR (the pod's shared emptyDir), named by the UTC time it started, after an
# optional DUMP_LABEL (the pre-upgrade dump's "<from>-to-<to>"). Input only from the environment (DUMP_DIR, DUMP_LABEL
# and libpq's PG* variables); nothing is interpolated into this script.
set -eu
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$DUMP_DIR/$PGDATABASE-${DUMP_LABEL:+$DUMP_LABEL-}$stamp.dump"
# --format=custom: compressed, and pg_restore can pick objects and run in parallel. Written under a temporary name
# first, so the upload step never sees a partial dump.
pg_dump --format=custom --no-password --file="$out.partial"
mv "$out.partial" "$out"
echo "pg_dump: $PGDATABASE at $stamp, $(wc -c < "$out") bytes"
