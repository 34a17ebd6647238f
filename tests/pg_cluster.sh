# Throw-away PostgreSQL clusters, for tests/pg.sh and bench/pg_shards.sh
# (sourced).  The sourcing script defines skip_all MESSAGE and sets ROOT;
# KJ_PG_SHARDS=N starts N - 1 clusters more, for stores whose rows are on
# N servers.  Gives $bin, $tmp (removed at exit, the clusters stopped),
# the service kjtest (the first cluster's owner, on its socket), and:
#   sql DATABASE SQL       as the first cluster's owner
#   newdb NAME             a database, a store's coordinator over the
#                          shards when $shards > 0 (read when called)
#   rows DATABASE SQL      changes a store's rows' tables by hand
#   shardsql PORT DB SQL   as a cluster's owner
# KJ_PG_SETTINGS: more of the servers' settings (-c NAME=VALUE ...).
# ---- the server -----------------------------------------------------------------

bin=$(pg_config --bindir 2>/dev/null)
[ -x "$bin/initdb" ] || bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/psql" ] || skip_all "no server: install postgresql-15"
command -v python3 >/dev/null || skip_all "no python3 to find a free port"

# the cluster runs as an unprivileged user: this one, or (as root) the
# server's own account, else nobody
as=""
if [ "$(id -u)" -eq 0 ]; then
    for u in postgres nobody; do
        if id "$u" >/dev/null 2>&1; then as=$u; break; fi
    done
    [ -n "$as" ] || skip_all "running as root, and no unprivileged user to run the server as"
    command -v runuser >/dev/null || skip_all "running as root, and no runuser to run the server as $as"
fi
server() { # runs a command of the server's as its user
    if [ -n "$as" ]; then runuser -u "$as" -- "$@"; else "$@"; fi
}

tmp=$(mktemp -d)
chmod 755 "$tmp"
mkdir "$tmp/data" "$tmp/sock" "$tmp/work"
[ -n "$as" ] && chown "$as" "$tmp" "$tmp/data" "$tmp/sock"
server test -w "$tmp/data" || skip_all "the server's user ($as) cannot write to $tmp: set TMPDIR to a directory it can reach"
stop() {
    for d in "$tmp"/data*; do
        [ -f "$d/postmaster.pid" ] && server "$bin/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
    done
    cd / && rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 2' INT TERM HUP PIPE # (so that the clusters stop: EXIT runs on exit, not on a signal's death)

# libpq reads its settings from here only: the case names a service
for v in PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGPASSWORD PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT; do unset $v; done
export PGSERVICEFILE="$tmp/pg_service.conf" PGPASSFILE="$tmp/pgpass" PGAPPNAME=kjeller-tests
# cluster DIR: a cluster made in DIR and started; its port in $port
cluster() {
    server "$bin/initdb" -D "$1" -U kjadmin -A trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync \
        >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; skip_all "initdb failed"; }
    started=no
    for attempt in 1 2 3; do # (a port found free may be taken before the server binds it)
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        if server "$bin/pg_ctl" -D "$1" -l "$tmp/sock/server-$(basename "$1").log" -w -t 60 \
            -o "-p $port -k $tmp/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${KJ_PG_SETTINGS:-}" \
            start >/dev/null 2>&1; then
            started=yes
            break
        fi
    done
    [ $started = yes ] || { cat "$tmp/sock/server-$(basename "$1").log"; skip_all "the server did not start"; }
}
# KJ_PG_SHARDS=N: every database made below is a store whose rows are
# partitioned across N servers (docs/scale-out.md): this one, holding
# the first shard in a database of its own, and N - 1 more clusters
shards=${KJ_PG_SHARDS:-0}
shard_ports=""
if [ "$shards" -gt 1 ]; then
    for k in $(seq 2 "$shards"); do
        mkdir "$tmp/data$k"
        [ -n "$as" ] && chown "$as" "$tmp/data$k"
        cluster "$tmp/data$k"
        shard_ports="$shard_ports $port"
    done
fi
cluster "$tmp/data"
cat >"$PGSERVICEFILE" <<EOF
[kjtest]
host=$tmp/sock
port=$port
user=kjadmin

[kjreader]
host=127.0.0.1
port=$port
user=reader

[kjwriter]
host=127.0.0.1
port=$port
user=writer

[kjoutsider]
host=127.0.0.1
port=$port
user=outsider
EOF
sql() { # DATABASE SQL: as the cluster's owner
    PGOPTIONS="-c client_min_messages=warning" "$bin/psql" "service=kjtest dbname=$1" -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"
}
newdb() {
    sql postgres "CREATE DATABASE \"$1\"" >/dev/null
    [ "$shards" -gt 0 ] || return 0
    # the shards' databases: data/pg-shard.sql in each, for the role the
    # user mappings log in as; the servers of postgres_fdw that name them
    k=1
    for p in $port $shard_ports; do
        shardsql $p postgres "CREATE DATABASE \"$1_shard$k\"" >/dev/null
        PGOPTIONS="-c client_min_messages=warning" "$bin/psql" "host=$tmp/sock port=$p user=kjadmin dbname=$1_shard$k" \
            -X -q -v ON_ERROR_STOP=1 -v role=kjshard -f "$ROOT/data/pg-shard.sql" >/dev/null
        sql "$1" "CREATE EXTENSION IF NOT EXISTS postgres_fdw;
          CREATE SERVER kjeller_shard_$k FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '$p', dbname '$1_shard$k');
          CREATE USER MAPPING FOR PUBLIC SERVER kjeller_shard_$k OPTIONS (user 'kjshard', password 'shard-pw')" >/dev/null
        k=$((k + 1))
    done
}
rows() { # DATABASE SQL: changes the rows' tables by hand, where they are
    if [ "$shards" -eq 0 ]; then sql "$1" "$2"; return; fi
    k=1
    for p in $port $shard_ports; do
        shardsql $p "$1_shard$k" "$2" || return 1
        k=$((k + 1))
    done
}
shardsql() { # PORT DATABASE SQL: as a shard cluster's owner
    PGOPTIONS="-c client_min_messages=warning" "$bin/psql" "host=$tmp/sock port=$1 user=kjadmin dbname=$2" -X -q -A -t -v ON_ERROR_STOP=1 -c "$3"
}
if [ "$shards" -gt 0 ]; then
    for p in $port $shard_ports; do shardsql $p postgres "CREATE ROLE kjshard LOGIN PASSWORD 'shard-pw'" >/dev/null; done
fi

