#!/bin/sh
# The PostgreSQL store (docs/records.md §8) against a real server: a
# throw-away cluster made with initdb and run with pg_ctl in a temporary
# directory, as an unprivileged user, on a free port, stopped at the end.
# No mock: every test talks to that server.
#
#  1. the records suite's cases (tests/records, examples/modern, a
#     generated case of thousands of claims) imported into an SQLite
#     store and into PostgreSQL, and every command's output and exit
#     status compared, byte for byte (the store's name and the time of an
#     import aside);
#  2. imports and checks at once: each import whole or absent, the counts;
#     an import killed half-way leaves nothing;
#  3. roles: a read-only role checks but neither imports nor drops; a
#     writer that does not own the tables imports and drops; a password
#     read from a password file, never from the case;
#  4. the audit table: who imported and dropped what, when, the file's
#     SHA-256; appended to only;
#  5. what is refused: a password in the case, a server that is not
#     there, a database not in UTF-8, a schema 'kjeller' of another
#     program or version.
# Ends with "pg: N passed, N failed[, N skipped]".
# KJ_PG_LIGHT=1 (the sanitizers' run: make SAN=1 test) runs every test on
# smaller generated files: the same code paths, not the same scale.
KJ=${KJ:-${BUILD:-build}/kjeller}
if [ "${KJ_PG_LIGHT:-}" = 1 ]; then
    many="20000 2000 7 500" seeds="1" unit=5000
else
    many="60000 6000 7 1500" seeds="1 2 3" unit=20000
fi
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
ROOT=$(pwd)
SRC="$ROOT/tests/records"
pass=0
fail=0
me=${KJ_PG_NAME:-pg} # (the suite's name in what it prints)

skip_all() {
    echo "$me: the PostgreSQL tests skipped ($1)"
    echo "$me: 0 passed, 0 failed, 1 skipped"
    exit 0
}

. "$ROOT/tests/pg_cluster.sh"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$me FAIL: $1"; }
expect() { # name, condition...
    name=$1
    shift
    if "$@"; then ok; else bad "$name"; [ -f err ] && head -n 8 err; fi
}

# ---- 1. the same outputs from both stores -----------------------------------------

# A scenario's directory holds sq/ and pg/: the same files, the case's
# store an SQLite file in one and the database `db` in the other.
# scenario NAME DB CASE-FILE-PATTERN FILES...: fresh directories
scenario() {
    name=$1 db=$2 cases=$3
    shift 3
    w="$tmp/work/$name"
    mkdir -p "$w/sq" "$w/pg"
    for f in "$@"; do cp "$f" "$w/sq/" && cp "$f" "$w/pg/"; done
    newdb "$db"
    conn="service=kjtest dbname=$db"
    for c in $w/pg/$cases; do
        [ -f "$c" ] && sed -i "s|^store \([a-z]*\) \"[^\"]*\"|store \1 postgresql \"$conn\"|" "$c"
    done
    cd "$w/sq" || exit 2
}
# What both stores' outputs are compared as: the store's name (its file
# or its connection string) and the time of an import set aside.
normal() {
    sed -e "s|postgresql \"service=kjtest dbname=$db\"|\"STORE\"|g" -e "s|service=kjtest dbname=$db|STORE|g" \
        -e 's|[a-z0-9_.-]*\.kjdb|STORE|g' \
        -e 's|[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z|WHEN|g' "$1"
}
# both NAME COMMAND...: the command in sq/ and in pg/, its output, errors
# and status the same
both() {
    what=$1
    shift
    (cd "$w/sq" && "$@" >"$w/sq.out" 2>&1; echo "exit $?" >>"$w/sq.out")
    (cd "$w/pg" && "$@" >"$w/pg.out" 2>&1; echo "exit $?" >>"$w/pg.out")
    normal "$w/sq.out" >"$w/sq.norm"
    normal "$w/pg.out" >"$w/pg.norm"
    if cmp -s "$w/sq.norm" "$w/pg.norm" && [ -s "$w/sq.norm" ]; then
        ok
    else
        bad "$name: $what: the stores' outputs differ"
        diff "$w/sq.norm" "$w/pg.norm" | head -n 20
    fi
}
# same FILE: a file both commands wrote, the same in both
same() {
    if [ -e "$w/sq/$1" ] && cmp -s "$w/sq/$1" "$w/pg/$1"; then ok; else bad "$name: $1 differs"; fi
}
# every report of a case, in both stores
reports() { # CASE
    both "check $1" "$KJ" check "$1"
    both "check --format json $1" "$KJ" check --format json "$1"
    both "check --brief $1" "$KJ" check --brief "$1"
    both "questions $1" "$KJ" questions --format json "$1"
    both "export --smt2 $1" "$KJ" export --smt2 "$1"
    both "report $1" "$KJ" report "$1" -o report.html
    same report.html
}

# the Kjeller landing log (tests/records.sh §1-5)
scenario air air air.case "$SRC/air.case" "$SRC/landings.csv"
both "import with bad rows, none allowed" "$KJ" import air.case landings landings.csv
same landings.rejects.csv
both "import, two bad rows allowed" "$KJ" import air.case landings landings.csv --max-errors 2
both "the same file again" "$KJ" import air.case landings landings.csv --max-errors 2
cp landings.csv copy.csv && cp landings.csv ../pg/copy.csv
both "the same content under another name" "$KJ" import air.case landings copy.csv
reports air.case
both "store list" "$KJ" store list air.case
both "store list --format json" "$KJ" store list --format json air.case
both "store verify" "$KJ" store verify air.case
printf 'Date,Heure,Type\n1935-12-03,14:40,military\n1935-12-18,12:00,civil\n' >fr.csv && cp fr.csv ../pg/
both "a mapping that misreads a column" "$KJ" import air.case landings fr.csv --map Date=time --map Heure=clock
both "check with it" "$KJ" check air.case
both "the corrected mapping replaces it" "$KJ" import air.case landings fr.csv --map Date=time --map Heure=clock --map Type=aircraft
reports air.case
both "store verify --format json" "$KJ" store verify --format json air.case
both "drop an import that is not there" "$KJ" store drop air.case 9
both "drop the first" "$KJ" store drop air.case 1
both "check without it" "$KJ" check air.case
both "drop the last" "$KJ" store drop air.case 3
both "check with nothing imported" "$KJ" check air.case
printf 'date,clock,aircraft\n' >header.csv && cp header.csv ../pg/
both "a header and no rows" "$KJ" import air.case landings header.csv
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 13; i++) print "1935-12-99,10:00,civil"; print "1935-12-18,12:00,civil" }' >many.csv
cp many.csv ../pg/
both "many bad rows" "$KJ" import air.case landings many.csv --max-errors 13
same many.rejects.csv
both "check after" "$KJ" check air.case
# texts that COPY's format escapes (a backslash, \N, \., a tab, a line
# break): stored as they were read, digest and all
printf 'date,clock,aircraft,note\n1935-12-18,12:00,civil,"back\\slash \\N \\. end"\n1935-12-19,12:00,civil,"a\ttab"\n1935-12-20,12:00,civil,"line\r\nbreak"\n' >odd.csv
cp odd.csv ../pg/
both "import notes COPY escapes" "$KJ" import air.case landings odd.csv
both "store verify" "$KJ" store verify air.case
expect "$name: the notes stored byte for byte as in SQLite" [ "$(sqlite3 air.kjdb 'SELECT group_concat(hex(note), ",") FROM (SELECT note FROM entries WHERE note IS NOT NULL ORDER BY rowid)')" = \
    "$(sql air "SELECT string_agg(upper(encode(convert_to(note, 'UTF8'), 'hex')), ',' ORDER BY id) FROM kjeller.entries WHERE note IS NOT NULL")" ]

# location traces: GPX, GeoJSON, a CSV with its own separator and decimal commas
scenario trace trace trace.case "$SRC/trace.case" "$SRC/watch.gpx" "$SRC/watch.geojson" "$SRC/watch-semicolon.csv" \
    "$SRC/watch-spare.gpx"
both "import a GPX track" "$KJ" import trace.case watch watch.gpx
reports trace.case
both "import GeoJSON points" "$KJ" import trace.case watch watch.geojson
both "import a ';' CSV" "$KJ" import trace.case watch watch-semicolon.csv
reports trace.case
sed 's/^  claim noon: .*/&\n  claim later: x at oslo in "1935-12-20 15:00"/' trace.case >two.case
sed 's/^  claim noon: .*/&\n  claim later: x at oslo in "1935-12-20 15:00"/' ../pg/trace.case >../pg/two.case
reports two.case
both "store verify" "$KJ" store verify trace.case
both "drop the GPX track" "$KJ" store drop trace.case 1
both "import the spare track" "$KJ" import trace.case watch watch-spare.gpx
reports trace.case
sed 's/store rec tz UTC/store rec ± 5 km tz UTC/' trace.case >r.case
sed 's/store rec tz UTC/store rec ± 5 km tz UTC/' ../pg/trace.case >../pg/r.case
both "a trace whose radius changed since its import" "$KJ" check r.case

# a claim with no time against 120,000 rows: their hull (records.md §5)
scenario timeless timeless timeless.case "$SRC/timeless.case"
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 120000; i++) printf "1935-12-%02d,%02d:%02d,%s\n", i % 28 + 1, i % 24, i % 60, i % 7 ? "military" : "civil" }' >busy.csv
cp busy.csv ../pg/
both "import 120,000 rows" "$KJ" import timeless.case landings busy.csv
reports timeless.case
both "store verify" "$KJ" store verify timeless.case

# the worked modern example, imported as a user would (examples/modern)
scenario modern modern reeve.case $(find "$ROOT/examples/modern" -maxdepth 1 -type f)
both "import.sh" sh import.sh "$KJ"
reports reeve.case
both "store list" "$KJ" store list reeve.case
both "store verify" "$KJ" store verify reeve.case

# thousands of claims against ten registers: the windows and rows read in
# batches, the readers on threads; 1,500 claims of two couriers against
# their traces, whose points are asked for in batches (bench/gen_records.py)
scenario many many records.case
python3 "$ROOT/bench/gen_records.py" . $many && cp records.case registers.case log-*.csv gps-*.csv ../pg/
sed -i "s|^store rec \"records.kjdb\"|store rec postgresql \"$conn\"|" ../pg/records.case ../pg/registers.case
for k in 0 1 2 3 4 5 6 7 8 9; do both "import log-$k" "$KJ" import registers.case "log-$k" "log-$k.csv"; done
for f in gps-*.csv; do both "import ${f%.csv}" "$KJ" import registers.case "${f%.csv}" "$f"; done
both "check, four readers" env KJELLER_THREADS=4 "$KJ" check --format json records.case
both "check, one reader" env KJELLER_THREADS=1 "$KJ" check --format json records.case
both "store verify" "$KJ" store verify records.case

# traces of every shape (bursts, points at the same second, gaps of
# days) and claims before, inside and after them: the points read around
# each claim, which a store on several servers reads by ranges of time
for seed in $seeds; do
    scenario "shapes-$seed" "shapes_$seed" shapes.case
    python3 "$ROOT/tests/trace_shapes.py" . "$seed" && cp t-1.csv t-2.csv ../pg/
    sed "s|^store rec \"shapes.kjdb\"|store rec postgresql \"$conn\"|" shapes.case >../pg/shapes.case
    for k in 1 2; do both "import t-$k" "$KJ" import shapes.case "t-$k" "t-$k.csv"; done
    reports shapes.case
done

# ---- 2. imports and checks at once ------------------------------------------------

w="$tmp/work/concurrent"
mkdir -p "$w" && cd "$w" || exit 2
newdb concurrent
sed "s|^store records \"air.kjdb\"|store records postgresql \"service=kjtest dbname=concurrent\"|" "$SRC/air.case" >air.case
for k in 1 2 3 4 5 6; do
    awk -v k=$k -v u=$unit 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < u * k; i++) printf "1935-12-%02d,%02d:%02d,military\n", i % 28 + 1, i % 24, i % 60 }' >part-$k.csv
done
: >verified
for k in 1 2 3 4 5 6; do "$KJ" import air.case landings part-$k.csv --quiet >imp-$k.out 2>&1 & eval "imp$k=\$!"; done
# meanwhile: a verify reads every row of every import it sees, and finds
# each whole; a check reads them too
checking=0
for r in 1 2 3 4 5 6 7 8; do
    "$KJ" store verify air.case >>verified 2>&1
    "$KJ" check air.case >/dev/null 2>>check-errors
    [ $? -le 2 ] && checking=$((checking + 1))
done
all=0
for k in 1 2 3 4 5 6; do eval "wait \$imp$k" || all=1; done
expect "six imports at once: all made" [ $all -eq 0 ]
[ $all -eq 0 ] || cat imp-*.out
expect "six imports at once: six imports" [ "$(sql concurrent 'SELECT count(*) FROM kjeller.imports')" = 6 ]
expect "six imports at once: every row" [ "$(sql concurrent 'SELECT count(*) FROM kjeller.entries')" = $((21 * unit)) ]
expect "six imports at once: numbered 1 to 6" [ "$(sql concurrent 'SELECT string_agg(id::text, $$,$$ ORDER BY id) FROM kjeller.imports')" = "1,2,3,4,5,6" ]
expect "meanwhile every verify found every import whole" sh -c '! grep -q changed verified'
expect "meanwhile checks ran without a failure" sh -c "[ $checking -eq 8 ] && ! grep -q 'internal error' check-errors"
"$KJ" store verify air.case >out 2>err
expect "afterwards: all six as they were made" grep -q "^all 6 imports are as they were made$" out
# one file imported twice at once: both stage it, one takes it in, the
# other then finds it there
{ cat part-2.csv; echo "1935-12-31,23:59,civil"; } >twin.csv
"$KJ" import air.case landings twin.csv >twin-a.out 2>&1 &
a=$!
"$KJ" import air.case landings twin.csv >twin-b.out 2>&1
wait $a
expect "one file twice at once: one import of it" [ "$(sql concurrent 'SELECT count(*) FROM kjeller.imports')" = 7 ]
expect "one file twice at once: the other found it" [ "$(cat twin-a.out twin-b.out | grep -c "already imported into 'landings' (import #7")" = 1 ]
# an import killed while it stages its rows: nothing of it, no lock left
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 3000000; i++) printf "1935-12-%02d,%02d:%02d,civil\n", i % 28 + 1, i % 24, i % 60 }' >big.csv
"$KJ" import air.case landings big.csv --quiet >/dev/null 2>&1 &
pid=$!
n=0
while [ "$(sql concurrent "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%'")" = 0 ] && [ $n -lt 600 ]; do
    sleep 0.05
    n=$((n + 1))
done
sleep 0.5
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
expect "killed while staging: nothing of it" [ "$(sql concurrent 'SELECT count(*) FROM kjeller.entries')" = $((23 * unit + 1)) ]
"$KJ" store verify air.case >out 2>err
expect "killed while staging: the store as it was" grep -q "^all 7 imports are as they were made$" out
printf 'date,clock,aircraft\n1935-12-18,12:00,civil\n' >after.csv
"$KJ" import air.case landings after.csv >out 2>err
expect "killed while staging: the next import is made" grep -q "1 row imported into 'landings' (import #8)" out

# ---- 3. roles -----------------------------------------------------------------------

w="$tmp/work/roles"
mkdir -p "$w" && cd "$w" || exit 2
sql postgres "CREATE ROLE kjeller_reader NOLOGIN; CREATE ROLE kjeller_writer NOLOGIN IN ROLE kjeller_reader;
  CREATE ROLE reader LOGIN PASSWORD 'read-only' IN ROLE kjeller_reader;
  CREATE ROLE writer LOGIN PASSWORD 'may-write' IN ROLE kjeller_writer;
  CREATE ROLE outsider LOGIN PASSWORD 'neither'"
newdb roles
cp "$SRC/landings.csv" .
for who in kjtest kjreader kjwriter kjoutsider; do
    sed "s|^store records \"air.kjdb\"|store records postgresql \"service=$who dbname=roles\"|" "$SRC/air.case" >$who.case
done
"$KJ" check kjreader.case >out 2>err
expect "no password file: the login refused" sh -c "[ $? -eq 2 ] && grep -q 'password' err"
expect "no password file: a hint where it goes" grep -q "hint: .*a password goes in a password file" err
printf '127.0.0.1:%s:roles:reader:read-only\n127.0.0.1:%s:roles:writer:may-write\n127.0.0.1:%s:roles:outsider:neither\n' \
    "$port" "$port" "$port" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
"$KJ" import kjtest.case landings landings.csv --max-errors 2 >out 2>err
expect "the owner's first import makes the tables" grep -q "4 rows imported" out
"$KJ" check kjtest.case >owner.out 2>&1
"$KJ" check kjreader.case >reader.out 2>&1
expect "a read-only role checks" [ $? -eq 1 ]
expect "a read-only role's check is the owner's" sh -c "sed s/kjreader/kjtest/g reader.out | cmp -s - owner.out"
"$KJ" store verify kjreader.case >out 2>err
expect "a read-only role verifies" grep -q "the import is as it was made" out
"$KJ" check kjoutsider.case >out 2>err
expect "a role of neither group may not read: exit 2" [ $? -eq 2 ]
expect "a role of neither group may not read: says so" sh -c "grep -q \"cannot read store 'records' ('service=kjoutsider dbname=roles'): permission denied for schema kjeller\" err && grep -q 'hint: ask for a role that may read it' err"
printf 'date,clock,aircraft\n1935-12-18,12:00,civil\n' >more.csv
"$KJ" import kjoutsider.case landings more.csv >out 2>err
expect "a role of neither group may not import: exit 2" [ $? -eq 2 ]
expect "a role of neither group may not import: says so" grep -q "permission denied for schema kjeller" err
"$KJ" import kjreader.case landings more.csv >out 2>err
expect "a read-only role may not import: exit 2" [ $? -eq 2 ]
expect "a read-only role may not import: says so" grep -q "error: store 'service=kjreader dbname=roles': role 'reader' may read this store (database 'roles') but not import into it" err
expect "a read-only role may not import: says what to do" grep -q "hint: this role may read the store but not import into it" err
"$KJ" store drop kjreader.case 1 >out 2>err
expect "a read-only role may not drop: exit 2" [ $? -eq 2 ]
expect "a read-only role may not drop: says so" grep -q "permission denied for table" err
expect "nothing changed by the read-only role" [ "$(sql roles 'SELECT count(*) FROM kjeller.imports')" = 1 ]
"$KJ" import kjwriter.case landings more.csv >out 2>err
expect "a writer that does not own the tables imports" grep -q "1 row imported into 'landings' (import #2)" out
"$KJ" store drop kjwriter.case 2 >out 2>err
expect "a writer drops" [ $? -eq 0 ]
expect "the audit names who did what" [ "$(sql roles "SELECT string_agg(action || ' #' || import || ' by ' || who || coalesce(' (' || note || ')', ''), '; ' ORDER BY seq) FROM kjeller.audit")" = "import #1 by kjadmin; import #2 by writer; drop #2 by writer (dropped)" ]
expect "the audit keeps the file's SHA-256" [ "$(sql roles 'SELECT sha256 FROM kjeller.audit WHERE seq = 1')" = "$(sha256sum landings.csv | cut -d' ' -f1)" ]
expect "the audit keeps when, by the server's clock" [ "$(sql roles 'SELECT count(*) FROM kjeller.audit WHERE at > now() - interval $$1 hour$$')" = 3 ]
expect "the audit keeps from where (a socket: none; TCP: the address)" [ "$(sql roles "SELECT string_agg(coalesce(host(client), 'socket'), ',' ORDER BY seq) FROM kjeller.audit")" = "socket,127.0.0.1,127.0.0.1" ]
for change in "UPDATE kjeller.audit SET who = 'nobody'" "DELETE FROM kjeller.audit" "TRUNCATE kjeller.audit"; do
    sql roles "$change" >out 2>err
    expect "the audit is appended to only, even by its owner: $change" grep -q "kjeller.audit is appended to only" err
done
"$bin/psql" "service=kjwriter dbname=roles" -X -q -c "UPDATE kjeller.audit SET who = 'nobody'" >out 2>err
expect "a writer may not rewrite the audit" grep -q "permission denied for table audit" err

# ---- 4. what is refused -------------------------------------------------------------

w="$tmp/work/refused"
mkdir -p "$w" && cd "$w" || exit 2
cp "$SRC/landings.csv" .
sed 's|^store records "air.kjdb"|store records postgresql "service=kjtest dbname=refused password=hunter2"|' "$SRC/air.case" >pw.case
"$KJ" check pw.case >out 2>err
expect "a password in the case: exit 2" [ $? -eq 2 ]
expect "a password in the case: at the string" grep -q "^pw.case:8:26: error: the connection string holds a password" err
sed 's|^store records "air.kjdb"|store records postgresql "postgresql://bob:hunter2@localhost/refused"|' "$SRC/air.case" >uri.case
"$KJ" import uri.case landings landings.csv >out 2>err
expect "a password in a URI: refused before any connection" grep -q "^uri.case:8:26: error: the connection string holds a password" err
sed 's|^store records "air.kjdb"|store records postgresql "service=kjtest dbname"|' "$SRC/air.case" >bad.case
"$KJ" check bad.case >out 2>err
expect "a connection string that does not parse" grep -q "^bad.case:8:26: error: not a PostgreSQL connection string" err
newdb refused
sed 's|^store records "air.kjdb"|store records postgresql "service=kjtest dbname=refused"|' "$SRC/air.case" >air.case
"$KJ" check air.case >out 2>err
expect "nothing imported yet: exit 2" [ $? -eq 2 ]
expect "nothing imported yet: says so" grep -q "^air.case:8:1: error: cannot read store 'records' ('service=kjtest dbname=refused'): the store is empty: nothing has been imported$" err
"$KJ" store list air.case >out 2>err
expect "nothing imported yet: the list says so" grep -q "^store 'records' (service=kjtest dbname=refused): nothing imported$" out
sed 's|^store records "air.kjdb"|store records postgresql "service=kjtest dbname=refused port=1"|' "$SRC/air.case" >down.case
"$KJ" check down.case >out 2>err
expect "no server there: exit 2" [ $? -eq 2 ]
expect "no server there: said, with what to look at" sh -c "grep -q \"cannot read store 'records' ('service=kjtest dbname=refused port=1'): connection to server\" err && grep -q 'hint: is the server running' err"
sql postgres "CREATE DATABASE latin ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
sed 's|^store records "air.kjdb"|store records postgresql "service=kjtest dbname=latin"|' "$SRC/air.case" >latin.case
"$KJ" import latin.case landings landings.csv --max-errors 2 >out 2>err
expect "a database not in UTF-8: refused" grep -q "the database's encoding is LATIN1: kjeller keeps UTF-8 text" err
sql refused "CREATE SCHEMA kjeller; CREATE TABLE kjeller.things(x int)"
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
expect "another program's schema 'kjeller': refused" grep -q "its schema 'kjeller' is not a kjeller store" err
expect "another program's schema 'kjeller': untouched" [ "$(sql refused "SELECT count(*) FROM pg_tables WHERE schemaname = 'kjeller'")" = 1 ]
sql refused "DROP SCHEMA kjeller CASCADE"
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
sql refused "UPDATE kjeller.store_version SET version = 2"
"$KJ" check air.case >out 2>err
expect "a store of a newer kjeller: refused" grep -q "a kjeller store of a newer version (2; this kjeller reads 1)" err
sql refused "UPDATE kjeller.store_version SET version = 1"
rows refused "UPDATE kjeller.entries SET subject = 'someone' WHERE line = 2"
"$KJ" store verify air.case >out 2>err
expect "a row changed in place: verify tells" grep -q "changed: its rows, or the fields they are read by, are not those imported" out
rows refused "DELETE FROM kjeller.entries WHERE line = 3"
"$KJ" check air.case >out 2>err
expect "rows deleted by hand: the check refuses the import" grep -q "import #1 of register 'landings' holds 3 rows where it recorded 4: the store was changed after the import" err

# ---- 6. the rows on several servers (KJ_PG_SHARDS) ----------------------------------

if [ "$shards" -gt 0 ]; then
    cd "$tmp/work" || exit 2
    # each shard's rows, by a query on its own database
    each() { # DATABASE SQL: the shards' answers, one line each
        k=1
        for p in $port $shard_ports; do
            shardsql $p "$1_shard$k" "$2"
            k=$((k + 1))
        done
    }
    cols="SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position)
          FROM information_schema.columns WHERE table_schema = 'kjeller' AND table_name ="
    for t in entries points; do
        expect "data/pg-shard.sql: the columns of $t are the store's" \
            [ "$(sql many "$cols '$t'")" = "$(shardsql $port many_shard1 "$cols '$t'")" ]
    done
    expect "the store's rows are on the three servers, none on the coordinator's own tables" \
        [ "$(sql concurrent "SELECT count(*) FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                             WHERE c.relkind = 'f' AND c.relnamespace = 'kjeller'::regnamespace")" = 6 ]
    expect "a register's rows spread across every server" \
        [ "$(each many 'SELECT count(*) > 0 FROM kjeller.entries' | sort -u)" = t ]
    expect "every row on one server only, as many as were imported" \
        [ "$(each concurrent 'SELECT count(*) FROM kjeller.entries' | awk '{ n += $1 } END { print n }')" = \
          "$(sql concurrent 'SELECT sum(rows) FROM kjeller.imports')" ]
    for db in concurrent many modern; do
        expect "each subject's rows on one server ($db), and an import's rows without one" \
            [ "$(each $db 'SELECT DISTINCT coalesce(subject, import::text) FROM kjeller.entries' | sort | uniq -d | wc -l)" = 0 ]
    done
    expect "each trace (one subject's points) on one server" \
        [ "$(each trace 'SELECT DISTINCT import FROM kjeller.points' | sort | uniq -d | wc -l)" = 0 ]
    plan=$(sql trace "EXPLAIN (VERBOSE, COSTS OFF) SELECT t_lo FROM kjeller.points WHERE import = 1 AND t_lo < 0 ORDER BY t_lo DESC, line DESC, id DESC LIMIT 3")
    expect "a trace's points are asked of its server alone, in their order there" \
        sh -c "[ \"\$(printf '%s\n' \"\$1\" | grep -c 'Foreign Scan')\" = 1 ] && printf '%s\n' \"\$1\" | grep -q 'Remote SQL: .*WHERE .*import = 1.* ORDER BY t_lo DESC'" - "$plan"
    plan=$(sql concurrent "EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM kjeller.entries WHERE import = 1 AND t_lo BETWEEN 0 AND 100")
    expect "a register's windows are asked of every server at once, each through its index" \
        sh -c "[ \"\$(printf '%s\n' \"\$1\" | grep -c 'Async Foreign Scan')\" = 3 ] && printf '%s\n' \"\$1\" | grep -q 'Remote SQL: .*WHERE .*t_lo >= 0.*t_lo <= 100.*import = 1'" - "$plan"
    # a drop waits for the reads under way (their shards' snapshots are
    # later than the coordinator's: src/store_pg.c, pg_begin_read)
    cd "$tmp/work/air/pg" || exit 2
    "$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
    id=$(sql air "SELECT max(id) FROM kjeller.imports")
    sql air "SELECT pg_advisory_lock_shared(1802134642), pg_sleep(3)" >/dev/null &
    reader=$!
    sleep 1
    start=$(date +%s)
    "$KJ" store drop air.case "$id" >out 2>&1
    st=$?
    took=$(($(date +%s) - start))
    wait $reader
    expect "a drop waits for a read under way, then drops" sh -c "[ $st -eq 0 ] && [ $took -ge 1 ]"
    expect "the drop took every row of it" [ "$(each air "SELECT count(*) FROM kjeller.entries WHERE import = $id" | sort -u)" = 0 ]
    # rows a failed import left on a shard under the next number: gone
    next=$(sql air "SELECT coalesce(max(id), 0) + 1 FROM kjeller.imports")
    shardsql $port air_shard1 "INSERT INTO kjeller.entries VALUES (999999, $next, 0, 0, 1, 'x', 'arrival', 'someone', NULL, NULL)"
    "$KJ" import air.case landings landings.csv --max-errors 2 >out 2>&1
    expect "an import takes the number of a failed one: its rows' leftovers gone" \
        [ "$(shardsql $port air_shard1 'SELECT count(*) FROM kjeller.entries WHERE id = 999999')" = 0 ]
    "$KJ" store verify air.case >out 2>&1
    expect "an import takes the number of a failed one: the store as imported" grep -q "are as they were made" out
    # a second store whose servers name the first's shard databases
    sql postgres "CREATE DATABASE intruder" >/dev/null
    k=1
    for p in $port $shard_ports; do
        sql intruder "CREATE EXTENSION IF NOT EXISTS postgres_fdw;
          CREATE SERVER kjeller_shard_$k FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '$p', dbname 'air_shard$k');
          CREATE USER MAPPING FOR PUBLIC SERVER kjeller_shard_$k OPTIONS (user 'kjshard', password 'shard-pw')" >/dev/null
        k=$((k + 1))
    done
    sed "s|dbname=air\"|dbname=intruder\"|" air.case >intruder.case
    "$KJ" import intruder.case landings landings.csv --max-errors 2 >out 2>err
    expect "a store whose servers are another's: its import refused" \
        sh -c "[ $? -ne 0 ] && grep -q 'the database of server kjeller_shard_1 is not free for this store' err"
    expect "a store whose servers are another's: nothing of it made" [ "$(sql intruder "SELECT count(*) FROM pg_namespace WHERE nspname = 'kjeller'")" = 0 ]
    "$KJ" store verify air.case >out 2>&1
    expect "a store whose servers are another's: the other store as it was" grep -q "are as they were made" out
    # a server re-pointed, after the store was made, at another store's shard
    sql air "ALTER SERVER kjeller_shard_2 OPTIONS (SET dbname 'trace_shard2')" >/dev/null
    "$KJ" check air.case >out 2>err
    expect "a shard that is another store's: the check refuses the store" \
        sh -c "[ $? -eq 2 ] && grep -q 'the database of server kjeller_shard_2 is not this store.s' err"
    sql air "ALTER SERVER kjeller_shard_2 OPTIONS (SET dbname 'air_shard2')" >/dev/null
    "$KJ" check air.case >out 2>err
    expect "the shard put back: the check reads the store" [ $? -le 1 ]
    # a store grows to more machines by moving a shard's database (docs
    # scale-out.md): dumped, restored on another server, its server
    # re-pointed; the check reads the same
    "$KJ" check air.case >before.out 2>&1
    p2=$(echo $shard_ports | cut -d' ' -f1)
    p3=$(echo $shard_ports | cut -d' ' -f2)
    shardsql $p3 postgres "CREATE DATABASE air_moved" >/dev/null
    "$bin/pg_dump" "host=$tmp/sock port=$p2 user=kjadmin dbname=air_shard2" 2>dump.err |
        PGOPTIONS="-c client_min_messages=warning" "$bin/psql" "host=$tmp/sock port=$p3 user=kjadmin dbname=air_moved" \
            -X -q -v ON_ERROR_STOP=1 >/dev/null 2>restore.err
    expect "a shard's database dumped and restored on another server" [ $? -eq 0 ]
    sql air "ALTER SERVER kjeller_shard_2 OPTIONS (SET port '$p3', SET dbname 'air_moved')" >/dev/null
    shardsql $p2 air_shard2 "ALTER TABLE kjeller.entries RENAME TO entries_left" >/dev/null
    "$KJ" check air.case >after.out 2>&1
    expect "a shard moved to another server: the check reads the same" cmp -s before.out after.out
    "$KJ" store verify air.case >out 2>&1
    expect "a shard moved to another server: the store as it was made" grep -q "are as they were made" out
    sql air "ALTER SERVER kjeller_shard_2 OPTIONS (SET port '$p2', SET dbname 'air_shard2')" >/dev/null
    shardsql $p2 air_shard2 "ALTER TABLE kjeller.entries_left RENAME TO entries" >/dev/null
    # a shard that fails while the check reads it: the store's error, not
    # kjeller's (exit 2, at the store's line, with what to look at)
    shardsql $p2 air_shard2 "ALTER TABLE kjeller.entries RENAME TO entries_away" >/dev/null
    "$KJ" check air.case >out 2>err
    expect "a shard that fails under a check: exit 2" [ $? -eq 2 ]
    expect "a shard that fails under a check: the store's line, a caret" \
        sh -c "grep -q \"^air.case:[0-9]*:[0-9]*: error: store 'records' ('service=kjtest dbname=air') failed while it was read: \" err &&
               grep -q '^ *[0-9]* | store records postgresql' err && grep -q '^ *| *^' err"
    expect "a shard that fails under a check: a hint, no internal error" \
        sh -c "grep -q 'hint: is its server up, and every server its rows are on' err && ! grep -q 'internal error' err"
    shardsql $p2 air_shard2 "ALTER TABLE kjeller.entries_away RENAME TO entries" >/dev/null
    # a shard that cannot be reached (its server's port closed)
    sql air "ALTER SERVER kjeller_shard_3 OPTIONS (SET port '1')" >/dev/null
    for c in "check air.case" "store list air.case" "store drop air.case 1" "import air.case landings landings.csv"; do
        "$KJ" $c >out 2>err
        expect "a shard that cannot be reached: $c exits 2, with what to mend" \
            sh -c "[ $? -eq 2 ] && grep -q 'could not connect to server \"kjeller_shard_3\"' err && grep -q 'hint: is every server its rows are on running' err"
    done
    sql air "ALTER SERVER kjeller_shard_3 OPTIONS (SET port '$(echo $shard_ports | cut -d' ' -f2)')" >/dev/null
    "$KJ" store verify air.case >out 2>&1
    expect "a shard reached again: the store as it was" grep -q "are as they were made" out
    # servers set up wrong for a new store: refused at its first import
    # (exit 2, the store not made)
    misset() { # NAME WHAT SQL [SHARD-SQL]: a new store over the shards, SQL done
               # to it (and SHARD-SQL to its second shard's database), imported
        newdb "$1"
        sql "$1" "$3" >/dev/null
        [ -z "$4" ] || shardsql $p2 "$1_shard2" "$4" >/dev/null
        sed "s|dbname=air\"|dbname=$1\"|" air.case >"$1.case"
        "$KJ" import "$1.case" landings landings.csv --max-errors 2 >out 2>err
        st=$?
        expect "servers set up wrong ($2): exit 2, said, with what to mend" \
            sh -c "[ $st -eq 2 ] && grep -q 'hint: is every server its rows are on running' err && ! grep -q 'internal error' err"
        expect "servers set up wrong ($2): nothing made" [ "$(sql "$1" "SELECT count(*) FROM pg_namespace WHERE nspname = 'kjeller'")" = 0 ]
    }
    misset gap "no kjeller_shard_2" "DROP SERVER kjeller_shard_2 CASCADE"
    misset zero "a kjeller_shard_0" "CREATE SERVER kjeller_shard_0 FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'zero_shard1')"
    misset bare "a shard without data/pg-shard.sql" "SELECT 1" "DROP SCHEMA kjeller CASCADE"
    misset revoked "a shard whose role may not write" "SELECT 1" "REVOKE ALL ON kjeller.entries, kjeller.points FROM kjshard"
fi

cd "$ROOT" || exit 2
echo "$me: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
