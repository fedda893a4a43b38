#!/bin/sh
# A streaming read replica on this machine (issue 22), for the replica tests and the operations drill:
#   tools/replica-cluster.sh up   [primary-port 5441] [replica-port 5442]
#   tools/replica-cluster.sh down [primary-port 5441] [replica-port 5442]
# Creates a private primary cluster `mzprimary` (trust auth on loopback: a test cluster, never production)
# and a replica `mzreplica` made with `pg_basebackup -R` (standby.signal + primary_conninfo written for us),
# streaming over a physical replication slot so the primary keeps the WAL the replica still needs.
# Idempotent: CI runs it on a machine where an earlier run (or a developer) may have left the pair, running,
# stopped, or half-made; whatever is there is started, checked, and rebuilt only when it is not a streaming
# standby of this primary. Never touches the shared cluster on 5432. Run as root or postgres.
# Then: MINZHENG_REPLICA=5441:5442 npx vitest run --project unit src/db/replica.test.ts src/db/read-routing.test.ts
set -eu
action=${1:-up}
primary=${2:-5441}
replica=${3:-5442}
version=${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}
[ "$primary" = 5432 ] || [ "$replica" = 5432 ] && { echo "refusing to use the shared cluster's port 5432" >&2; exit 2; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
exists() { pg_lsclusters -h | awk -v v="$version" -v c="$1" '$1 == v && $2 == c { found = 1 } END { exit !found }'; }
port_of() { pg_lsclusters -h | awk -v v="$version" -v c="$1" '$1 == v && $2 == c { print $3 }'; }
sql() { as_postgres psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -qAt -c "$2"; }
wait_up() {
  i=0
  until as_postgres pg_isready -q -h 127.0.0.1 -p "$1"; do
    i=$((i + 1))
    [ $i -gt 60 ] && { echo "cluster on port $1 did not accept connections in 30 s" >&2; return 1; }
    sleep 0.5
  done
}

if [ "$action" = down ]; then
  pg_dropcluster --stop "$version" mzreplica 2>/dev/null || true
  pg_dropcluster --stop "$version" mzprimary 2>/dev/null || true
  exit 0
fi

# A cluster left on another port by an older run: rebuilt on the asked ports rather than tested by surprise.
if exists mzprimary && [ "$(port_of mzprimary)" != "$primary" ]; then
  pg_dropcluster --stop "$version" mzreplica 2>/dev/null || true
  pg_dropcluster --stop "$version" mzprimary
fi
if exists mzreplica && [ "$(port_of mzreplica)" != "$replica" ]; then pg_dropcluster --stop "$version" mzreplica; fi

if ! exists mzprimary; then
  pg_createcluster "$version" mzprimary --port "$primary" -- --auth=trust >/dev/null
  # wal_level replica and 10 WAL senders are the defaults; a small footprint for a test.
  cat >> "/etc/postgresql/$version/mzprimary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
shared_buffers = 32MB
max_connections = 60
CONF
fi
pg_ctlcluster "$version" mzprimary start >/dev/null 2>&1 || true
wait_up "$primary"
sql "$primary" "select 1 from pg_replication_slots where slot_name = 'mzreplica'" | grep -q 1 ||
  sql "$primary" "select pg_create_physical_replication_slot('mzreplica')" >/dev/null

make_replica() {
  pg_createcluster "$version" mzreplica --port "$replica" -- --auth=trust >/dev/null
  data=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "mzreplica" { print $6 }')
  find "$data" -mindepth 1 -delete
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written during the copy.
  as_postgres pg_basebackup -h 127.0.0.1 -p "$primary" -U postgres -D "$data" -R -X stream -S mzreplica
  cat >> "/etc/postgresql/$version/mzreplica/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
shared_buffers = 32MB
max_connections = 60
hot_standby = on
CONF
}

streaming() {
  # In recovery, replay not left paused by an interrupted test, and the primary's sender streaming to it.
  [ "$(sql "$replica" 'select pg_is_in_recovery()' 2>/dev/null)" = t ] || return 1
  [ "$(sql "$replica" 'select pg_is_wal_replay_paused()' 2>/dev/null)" = f ] || sql "$replica" 'select pg_wal_replay_resume()' >/dev/null
  i=0
  until [ "$(sql "$primary" "select count(*) from pg_stat_replication where state = 'streaming'")" -ge 1 ]; do
    i=$((i + 1))
    [ $i -gt 40 ] && return 1
    sleep 0.5
  done
}

exists mzreplica || make_replica
pg_ctlcluster "$version" mzreplica start >/dev/null 2>&1 || true
if ! { wait_up "$replica" && streaming; }; then
  echo "replica is not a streaming standby of the primary: rebuilding it" >&2
  pg_dropcluster --stop "$version" mzreplica
  make_replica
  pg_ctlcluster "$version" mzreplica start
  wait_up "$replica"
  streaming || { echo "rebuilt replica does not stream" >&2; exit 1; }
fi
echo "primary: postgres://postgres@127.0.0.1:$primary/postgres   replica: postgres://postgres@127.0.0.1:$replica/postgres (streaming)"
