#!/bin/sh
# The worked modern example (examples/modern/, README): its exports are
# imported as a user would (import.sh) into a fresh copy, and the check's
# report and questions are compared with examples/modern/expected/.
# Ends with "modern: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
SRC="$(pwd)/examples/modern"
pass=0
fail=0
expect() { # name, condition...
    name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "modern FAIL: $name"; fi
}
d=$(mktemp -d)
cp "$SRC"/reeve.case "$SRC"/import.sh "$SRC"/*.csv "$SRC"/*.gpx "$d/"
cd "$d" || exit 1
sh import.sh "$KJ" >import.out 2>&1
expect "every export imports (import.sh exits 0)" [ $? -eq 0 ]
expect "five imports, none with a rejected row" [ "$(grep -c 'rows imported into' import.out)" -eq 5 ]
"$KJ" check reeve.case >check.out 2>check.err
expect "check: contradictions (exit 1)" [ $? -eq 1 ]
expect "check: nothing on stderr" [ ! -s check.err ]
expect "check: the report is examples/modern/expected/check.txt" cmp -s check.out "$SRC/expected/check.txt"
cmp -s check.out "$SRC/expected/check.txt" || diff -u "$SRC/expected/check.txt" check.out | head -n 30
"$KJ" questions reeve.case >questions.out 2>&1
expect "questions: examples/modern/expected/questions.txt" cmp -s questions.out "$SRC/expected/questions.txt"
"$KJ" check --format json reeve.case >check.json 2>&1
expect "json: two contradictions, seven findings, verdicts (one strained)" python3 -c "
import json; d = json.load(open('check.json'))
assert d['status'] == 'contradictions' and len(d['conflicts']) == 2
assert len(d['findings']) == 7 and all(f['kind'] == 'device' for f in d['findings'])
assert [v['verdict'] for v in d['verdicts']] == ['strained', 'contradicted', 'contradicted']"
"$KJ" report reeve.case -o report.html >/dev/null 2>&1
expect "report: written, with the devices section" grep -q 'id="device-findings"' report.html
cd / && rm -rf "$d"
echo "modern: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
