#!/bin/sh
# The PostgreSQL store with its rows partitioned across three servers
# (docs/scale-out.md): every test of tests/pg.sh, each database a
# coordinator whose kjeller.entries and kjeller.points are partitions of
# postgres_fdw foreign tables on three throw-away clusters, the first
# being the coordinator's own; then the tests of the layout itself.
# Ends with "pg_shards: N passed, N failed[, N skipped]".
KJ_PG_SHARDS=3 KJ_PG_NAME=pg_shards exec sh tests/pg.sh "$@"
