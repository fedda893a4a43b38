#!/bin/sh
# A streaming read replica on this machine (issue 22), for the replica test and the operations drill:
#   tools/replica-cluster.sh up   [primary-port 5441] [replica-port 5442]
#   tools/replica-cluster.sh down [primary-port 5441] [replica-port 5442]
# Creates a private primary cluster `mzprimary` (trust auth on loopback: a test cluster, never production)
# and a replica `mzreplica` made with `pg_basebackup -R` (standby.signal + primary_conninfo written for us),
# streaming over a physical replication slot so the primary keeps the WAL the replica still needs.
# Never touches the shared cluster on 5432. Run as root or postgres; PostgreSQL 15 server packages needed.
# Then: MINZHENG_REPLICA=5441:5442 npx vitest run --project unit src/db/replica.test.ts
set -eu
action=${1:-up}
primary=${2:-5441}
replica=${3:-5442}
version=15
[ "$primary" = 5432 ] || [ "$replica" = 5432 ] && { echo "refusing to use the shared cluster's port 5432" >&2; exit 2; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "$action" = down ]; then
  pg_dropcluster --stop $version mzreplica 2>/dev/null || true
  pg_dropcluster --stop $version mzprimary 2>/dev/null || true
  exit 0
fi

if ! pg_lsclusters -h | grep -q "^$version mzprimary "; then
  pg_createcluster $version mzprimary --port "$primary" -- --auth=trust >/dev/null
  # wal_level replica and 10 WAL senders are PostgreSQL 15's defaults; a slot and a small footprint for a test.
  cat >> /etc/postgresql/$version/mzprimary/postgresql.conf <<CONF
listen_addresses = '127.0.0.1'
shared_buffers = 32MB
max_connections = 40
CONF
fi
pg_ctlcluster $version mzprimary start 2>/dev/null || true

if ! pg_lsclusters -h | grep -q "^$version mzreplica "; then
  pg_createcluster $version mzreplica --port "$replica" -- --auth=trust >/dev/null
  data=/var/lib/postgresql/$version/mzreplica
  find "$data" -mindepth 1 -delete
  as_postgres psql -h 127.0.0.1 -p "$primary" -U postgres -qAt -c "select pg_create_physical_replication_slot('mzreplica')" >/dev/null 2>&1 || true
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written during the copy.
  as_postgres pg_basebackup -h 127.0.0.1 -p "$primary" -U postgres -D "$data" -R -X stream -S mzreplica
  cat >> /etc/postgresql/$version/mzreplica/postgresql.conf <<CONF
listen_addresses = '127.0.0.1'
shared_buffers = 32MB
max_connections = 40
hot_standby = on
CONF
fi
pg_ctlcluster $version mzreplica start 2>/dev/null || true
echo "primary: postgres://postgres@127.0.0.1:$primary/postgres   replica: postgres://postgres@127.0.0.1:$replica/postgres"
