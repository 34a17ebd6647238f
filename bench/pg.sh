#!/bin/sh
# The PostgreSQL store at scale (issue 24), against its peers in one run,
# on a throw-away cluster (initdb and pg_ctl in a temporary directory, as
# the server's unprivileged user when run as root, on a free port; the
# server settings are printed):
#   1. the same CSV files (bench/gen_records.py: ten landing logs and the
#      couriers' GPS traces) imported by `kjeller import` into PostgreSQL
#      (validated, staged with COPY, sealed) and by `psql \copy` into
#      plain tables with the files' columns (no index, no validation): the
#      ratio; and by `kjeller import` into an SQLite store, for scale;
#   2. the same check of CLAIMS claims (and TRACED couriers' claims
#      against their traces) against the PostgreSQL store and the SQLite
#      store: the ratio, and the findings byte-identical (the store's name
#      aside), else exit 1.
#
#   sh bench/pg.sh [ROWS [CLAIMS [TRACED]]]    default 10000000 100000 10000
#   (smaller: sh bench/pg.sh 1000000 10000 1000)
# Results and the machine: bench/RESULTS.md.  Needs postgresql (initdb,
# pg_ctl, psql), python3, make first (KJ=PATH: another kjeller binary).
set -e
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KJ=${KJ:-$BUILD/kjeller}
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
ROOT=$(pwd)
rows=${1:-10000000}
claims=${2:-100000}
traced=${3:-10000}
[ -x "$KJ" ] || { echo "bench/pg.sh: no $KJ: run make first" >&2; exit 2; }

skip_all() {
    echo "bench/pg.sh: $1" >&2
    exit 2
}
# the throw-away cluster (as tests/pg.sh's): no fsync, and room for the
# bulk loads' WAL without a checkpoint in the middle; the same server for
# both sides
settings="-c shared_buffers=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min -c maintenance_work_mem=512MB"
KJ_PG_SETTINGS=$settings KJ_PG_SHARDS=0
. "$ROOT/tests/pg_cluster.sh"
newdb bench
psql() { "$bin/psql" "service=kjtest dbname=bench" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
echo "== PostgreSQL $(psql -c 'SHOW server_version'), a local socket; fsync off, $settings"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# ratio NAME A-LABEL A B-LABEL B: "NAME: A-LABEL a s, B-LABEL b s, ratio a/b"
ratio() { # (the labels through the environment: awk -v would read their backslashes)
    RN=$1 RA=$2 RB=$4 awk -v a="$3" -v b="$5" \
        'BEGIN { printf "%s: %s %.2f s, %s %.2f s, ratio %.2f\n", ENVIRON["RN"], ENVIRON["RA"], a, ENVIRON["RB"], b, a / b }'
}

cd "$tmp/work"
echo "== generating $rows rows in 10 registers, $claims claims, $traced couriers' claims against their traces (bench/gen_records.py)"
python3 "$ROOT/bench/gen_records.py" . "$rows" "$claims" 1 "$traced"
files="log-0 log-1 log-2 log-3 log-4 log-5 log-6 log-7 log-8 log-9 $(ls gps-*.csv 2>/dev/null | sed 's/\.csv$//' | tr '\n' ' ')"
mkdir sq pg
cp records.case registers.case sq/
sed "s|^store rec \"records.kjdb\"|store rec postgresql \"service=kjtest dbname=bench\"|" records.case >pg/records.case
sed "s|^store rec \"records.kjdb\"|store rec postgresql \"service=kjtest dbname=bench\"|" registers.case >pg/registers.case
echo "files: $(cat ./*.csv | wc -l) lines, $(du -cm ./*.csv | tail -n 1 | cut -f1) MB ($files)"

# ---- 1. imports ---------------------------------------------------------------------

printf '%s\n' "== import of every file: kjeller into PostgreSQL, psql \\copy into plain tables, kjeller into SQLite"
t0=$(now)
for f in $files; do "$KJ" import pg/registers.case "$f" "$f.csv" --quiet >/dev/null; done
t1=$(now)
# the same files, as text into tables of their columns (the header line skipped)
psql -c "CREATE TABLE landings(date text, clock text, aircraft text, registration text, origin text, subject text);
         CREATE TABLE points(time text, lat text, lon text, accuracy text)"
: >copy.sql
for f in $files; do
    case $f in gps-*) t=points ;; *) t=landings ;; esac
    printf '\\copy %s FROM '"'%s'"' WITH (FORMAT csv, HEADER true)\n' "$t" "$f.csv" >>copy.sql
done
t2=$(now)
psql -f copy.sql
t3=$(now)
for f in $files; do "$KJ" import sq/registers.case "$f" "$f.csv" --quiet >/dev/null; done
t4=$(now)
kj_pg=$(secs "$t0" "$t1")
copy=$(secs "$t2" "$t3")
kj_sq=$(secs "$t3" "$t4")
ratio "import" "kjeller into PostgreSQL" "$kj_pg" "psql \\copy" "$copy"
ratio "import" "kjeller into PostgreSQL" "$kj_pg" "kjeller into SQLite" "$kj_sq"
printf '%s\n' "held: $(psql -c 'SELECT count(*) FROM kjeller.entries') register rows, $(psql -c 'SELECT count(*) FROM kjeller.points') trace points; \\copy: $(psql -c 'SELECT count(*) FROM landings') + $(psql -c 'SELECT count(*) FROM points')"
printf '%s\n' "sizes: PostgreSQL kjeller $(psql -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'kjeller' AND relkind = 'r'"), \\copy tables $(psql -c "SELECT pg_size_pretty(pg_total_relation_size('landings') + pg_total_relation_size('points'))"), SQLite $(du -m sq/records.kjdb | cut -f1) MB"
# what autovacuum would do within a minute of the imports, done now: the
# check reads the rows' visibility from the index alone after it
t0=$(now)
psql -c "VACUUM ANALYZE kjeller.entries" -c "VACUUM ANALYZE kjeller.points"
echo "VACUUM ANALYZE of the store's tables: $(secs "$t0" "$(now)") s"

# ---- 2. checks ------------------------------------------------------------------------

echo "== check: $claims + $traced claims against $rows rows, PostgreSQL and SQLite (KJELLER_TIMING=1)"
check() { # DIR: the check in DIR, its time on stdout; output, timing and status kept there
    t0=$(now)
    set +e
    (cd "$1" && KJELLER_TIMING=1 "$KJ" check records.case >out 2>timing; echo "exit $?" >>out)
    set -e
    secs "$t0" "$(now)"
}
for run in 1 2; do
    pg=$(check pg)
    sq=$(check sq)
    ratio "check (run $run)" "kjeller on PostgreSQL" "$pg" "kjeller on SQLite" "$sq"
done
for d in pg sq; do
    echo "  $d: $(grep -E '^ *records: (opened|prepared|read)' $d/timing | tr -s ' ' | tr '\n' ';')"
done
sed -e 's|postgresql "service=kjtest dbname=bench"|"STORE"|g' -e 's|service=kjtest dbname=bench|STORE|g' -e 's|[a-z0-9_.-]*\.kjdb|STORE|g' pg/out >pg/out.norm
sed -e 's|postgresql "service=kjtest dbname=bench"|"STORE"|g' -e 's|service=kjtest dbname=bench|STORE|g' -e 's|[a-z0-9_.-]*\.kjdb|STORE|g' sq/out >sq/out.norm
# the plans the server chose for the check's own queries (auto_explain,
# an untimed run): every table read through its index, none scanned
(cd pg && PGOPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0" \
    "$KJ" check records.case >/dev/null 2>&1) || true
log="$tmp/sock/server-data.log"
echo "plans (auto_explain): $(grep -c 'Index Only Scan using entries_by_time' "$log") index-only scans of entries_by_time," \
    "$(grep -c 'Index Scan.* using points_by_time' "$log") index scans of points_by_time," \
    "$(grep -c 'Index Scan using entries_pkey' "$log") of entries_pkey," \
    "$(grep -Ec 'Seq Scan on (entries|points)' "$log") sequential scans of entries or points"
awk '/Query Text:/ { q = $0; sub(/.*Query Text: */, "", q) } /Seq Scan on (entries|points)/ { print "  a sequential scan in: " substr(q, 1, 160) }' "$log" | sort | uniq -c
if cmp -s pg/out.norm sq/out.norm; then
    echo "findings: byte-identical ($(wc -c <sq/out) bytes, $(tail -n 1 sq/out); verdicts: $(grep -Ec '^  [ck][0-9_]+ +corroborated' sq/out) corroborated, $(grep -Ec '^  [ck][0-9_]+ +contradicted' sq/out) contradicted; $(grep -m 1 -E '^(note|[0-9]+ contradictions)' sq/out))"
else
    echo "findings: DIFFER between the stores"
    diff pg/out.norm sq/out.norm | head -n 20
    exit 1
fi
