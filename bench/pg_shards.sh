#!/bin/sh
# A store on one PostgreSQL server against the same store with its rows
# partitioned across three (docs/scale-out.md), in one run: three
# throw-away clusters on this machine, a coordinator on the first (as in
# tests/pg_shards.sh), and the same files imported into both stores and
# checked against both.  Prints each time and the ratio (three / one), and
# fails if the two checks' findings differ.  TRACED couriers' claims are
# checked against their GPS traces too (bench/gen_records.py).
#
#   sh bench/pg_shards.sh [ROWS [CLAIMS [TRACED]]]   default 1000000 10000 2000
#
# Three servers on one machine share its cores and its disk: this measures
# what the partitioning costs and what the parallel scans of the servers
# win here, not what three machines would give.  Results: bench/RESULTS.md.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build}
KJ="$ROOT/$BUILD/kjeller"
rows=${1:-1000000}
claims=${2:-10000}
traced=${3:-2000}
skip_all() {
    echo "pg_shards bench: $1" >&2
    exit 2
}
KJ_PG_SHARDS=3
. "$ROOT/tests/pg_cluster.sh"

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }

echo "== generating $rows rows in 10 registers, $claims claims and $traced couriers' claims against their traces (bench/gen_records.py)"
mkdir "$tmp/gen"
python3 bench/gen_records.py "$tmp/gen" "$rows" "$claims" 1 "$traced"
for layout in one three; do
    mkdir "$tmp/$layout"
    cp "$tmp/gen"/* "$tmp/$layout/"
    sed -i "s|^store rec \"records.kjdb\"|store rec postgresql \"service=kjtest dbname=$layout\"|" \
        "$tmp/$layout/records.case" "$tmp/$layout/registers.case"
done
shards=0
newdb one
shards=3
newdb three

import() { # LAYOUT: the ten registers and the traces, one after another
    for f in $(cd "$tmp/gen" && ls log-*.csv gps-*.csv 2>/dev/null | sed 's/\.csv$//'); do
        (cd "$tmp/$1" && "$KJ" import registers.case "$f" "$f.csv" --quiet >/dev/null)
    done
}
check() { # LAYOUT: exit 0 or 1 (in its directory: the findings name the case as records.case)
    (cd "$tmp/$1" && "$KJ" check records.case >"$tmp/$1.out") || [ $? -eq 1 ]
}
ratio() { awk -v a="$2" -v b="$3" -v what="$1" 'BEGIN { printf "%s: one server %.2f s, three servers %.2f s, three / one = %.2f\n", what, a, b, b / a }'; }

echo "== importing the ten registers and the traces ($(du -cm "$tmp/gen"/*.csv | tail -n 1 | cut -f1) MB)"
t0=$(now); import one; t1=$(now); import three; t2=$(now)
ratio "import" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")"
# the planner's statistics, as a server's autovacuum would have made them
sql one "ANALYZE" >/dev/null
sql three "ANALYZE kjeller.entries" >/dev/null
sql three "ANALYZE kjeller.points" >/dev/null
echo "== checking $claims + $traced claims, three times each, alternating"
for run in 1 2 3; do
    t0=$(now); check one; t1=$(now); check three; t2=$(now)
    ratio "check (run $run)" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")"
done
echo "== where a check's time goes (KJELLER_TIMING=1)"
for layout in one three; do
    (cd "$tmp/$layout" && KJELLER_TIMING=1 "$KJ" check records.case 2>&1 >/dev/null | grep -i 'records' | sed "s/^/$layout: /")
done
if cmp -s "$tmp/one.out" "$tmp/three.out"; then
    echo "findings: the same bytes ($(tail -n 1 "$tmp/one.out"))"
else
    echo "findings: DIFFER"
    diff "$tmp/one.out" "$tmp/three.out" | head -n 20
    exit 1
fi
