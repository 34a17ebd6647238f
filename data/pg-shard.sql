-- kjeller: the tables of one shard of a store partitioned across servers
-- (docs/scale-out.md).  Run once on each shard's database, as its owner:
--
--     psql "service=shard2" -v role=kjeller_shard -f pg-shard.sql
--
-- `role` is the role the coordinator's user mappings log in as
-- (CREATE USER MAPPING ... OPTIONS (user 'kjeller_shard', ...)): it may
-- read, add and delete rows here, nothing else.  (It is granted UPDATE
-- too, and never updates: postgres_fdw asks this server to plan a
-- delete's rows as SELECT ... FOR UPDATE, which takes that privilege.)  The columns are those of
-- a store on one server (src/store_pg.c, ENTRIES_COLUMNS and
-- POINTS_COLUMNS; tests/pg_shards.sh holds them to each other); the ids
-- come from the coordinator, which numbers every row.
\set ON_ERROR_STOP on
BEGIN;
CREATE SCHEMA kjeller;
CREATE TABLE kjeller.entries(
  id bigint PRIMARY KEY,
  import bigint NOT NULL,
  t_lo bigint NOT NULL, t_hi bigint NOT NULL,
  line bigint NOT NULL,
  time text NOT NULL,
  event text, subject text, note text, attrs text);
CREATE TABLE kjeller.points(
  id bigint PRIMARY KEY,
  import bigint NOT NULL,
  t_lo bigint NOT NULL, t_hi bigint NOT NULL,
  line bigint NOT NULL,
  time text NOT NULL,
  lat double precision NOT NULL, lon double precision NOT NULL, radius_m double precision NOT NULL,
  place text, note text);
-- the store whose rows these are: one row, written by the store's first
-- import; another store's import is refused here
CREATE TABLE kjeller.shard_of(
  store uuid NOT NULL,
  only_one boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (only_one));
-- a register's rows at a place and time, a trace's in time: the queries a
-- check sends here (src/store_pg.c) go through these
CREATE INDEX entries_by_time ON kjeller.entries(import, t_lo) INCLUDE (id);
CREATE INDEX points_by_time ON kjeller.points(import, t_lo);
REVOKE ALL ON ALL TABLES IN SCHEMA kjeller FROM PUBLIC;
GRANT USAGE ON SCHEMA kjeller TO :"role";
GRANT SELECT, INSERT, UPDATE, DELETE ON kjeller.entries, kjeller.points TO :"role";
GRANT SELECT, INSERT ON kjeller.shard_of TO :"role";
COMMIT;
