#!/bin/sh
# Records at scale (issue 8), kjeller and its peer in one run:
#   1. the same CSV file imported by sqlite3's own CLI (`.import` then an
#      index on the time column, no validation) and by `kjeller import`
#      (validating every row: times by the case language's rules, places,
#      events; one transaction; rows stored in time order); the ratio;
#   2. CLAIMS flight claims checked against ROWS landing rows in ten
#      registers (bench/gen_records.py): `kjeller check` time and peak RSS.
#
#   sh bench/records.sh [ROWS [CLAIMS]]        default 1000000 10000
#   (the issue's sizes: sh bench/records.sh 10000000 100000)
# Results and the machine: bench/RESULTS.md.  Needs python3, sqlite3, make.
set -e
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KJ="$(pwd)/$BUILD/kjeller"
rows=${1:-1000000}
claims=${2:-10000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "== generating $rows rows in 10 registers and $claims claims (bench/gen_records.py)"
python3 bench/gen_records.py "$dir" "$rows" "$claims"

echo "== import of one file into a register (registers.case) ($(wc -l <"$dir/log-0.csv") lines, $(du -m "$dir/log-0.csv" | cut -f1) MB): sqlite3 CLI vs kjeller"
t0=$(date +%s.%N)
sqlite3 "$dir/cli.db" ".mode csv" ".import $dir/log-0.csv landings" "CREATE INDEX by_time ON landings(date, clock)"
t1=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$dir/rss" "$KJ" import "$dir/registers.case" log-0 "$dir/log-0.csv" --quiet >/dev/null
t2=$(date +%s.%N)
cli=$(secs "$t0" "$t1")
kj=$(secs "$t1" "$t2")
awk -v c="$cli" -v k="$kj" -v r="$(tail -n 1 "$dir/rss")" \
    'BEGIN { printf "sqlite3 .import+index %.2f s   kjeller import %.2f s (peak RSS %d MB)   kjeller / sqlite3 = %.2fx\n", c, k, r / 1024, k / c }'

echo "== the other nine registers"
t0=$(date +%s.%N)
for k in 1 2 3 4 5 6 7 8 9; do "$KJ" import "$dir/registers.case" "log-$k" "$dir/log-$k.csv" --quiet >/dev/null; done
t1=$(date +%s.%N)
echo "kjeller import of nine files: $(secs "$t0" "$t1") s; store $(du -m "$dir/records.kjdb" | cut -f1) MB"

echo "== check: $claims claims against $rows rows"
t0=$(date +%s.%N)
set +e
/usr/bin/time -f "%M" -o "$dir/rss" "$KJ" check "$dir/records.case" >"$dir/out"
rc=$?
set -e
t1=$(date +%s.%N)
echo "kjeller check: $(secs "$t0" "$t1") s (peak RSS $(($(tail -n 1 "$dir/rss") / 1024)) MB), exit $rc, $(grep -c '^  c[0-9]* *corroborated' "$dir/out") corroborated, $(tail -n 1 "$dir/out")"
