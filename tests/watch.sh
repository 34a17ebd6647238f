#!/bin/sh
# kjeller check --watch: a check again whenever a file of the case changes
# (its includes, its SQLite store), printing only what changed.  Each step
# changes files as editors and tools do (sed -i, a temporary file renamed
# over the case, delete and write again, kjeller import and store drop),
# waits for the watcher's next "check N" line, and compares what it
# printed with what `kjeller check --brief` says of the files now.
# Ends with "watch: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
KJ=$(cd "$(dirname "$KJ")" && pwd)/$(basename "$KJ")
root=$(pwd)
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { # description, command...
    d=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "watch FAIL: $d"; fi
}

# waits (at most 20 s) until file $1 has a line "check $2..."; then 0
wait_check() {
    i=0
    while [ $i -lt 200 ]; do
        grep -q "^check $2[ :]" "$1" 2>/dev/null && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
# the block of check $2's lines in $1: its line and the +/-/~ lines after it
block() {
    awk -v n="$2" '/^check / { on = ($2 == n || $2 == n ":") } on' "$1"
}

# ---- one file, edited in place and saved by rename
mkdir "$tmp/one"
cp examples/moscow-1937/pyatakov.case "$tmp/one/"
cd "$tmp/one"
"$KJ" check --watch pyatakov.case >out 2>err &
pids="$pids $!"
wait_check out 1
ok "check 1: the report as check prints it" sh -c "'$KJ' check pyatakov.case > want; head -n \$(wc -l < want) out | cmp -s - want"
ok "check 1: watching 1 file" grep -q "^check 1: done; watching 1 file" out
sed -i 's/about 30 minutes/about 3 hours/' pyatakov.case
wait_check out 2
block out 2 >b2
ok "sed -i: the drive's contradiction gone" sh -c "grep -q \"^check 2 (pyatakov.case changed): 0 new, 1 gone, 2 verdicts changed; 2 contradictions\" b2 && grep -q \"^- pyatakov.case:44:3: travel: claim 'drive' is too short\" b2"
ok "sed -i: the verdicts changed" sh -c "grep -qx \"~ claim 'drive': contradicted -> unverified\" b2 && grep -qx \"~ claim 'talk': contradicted -> unverified\" b2"
ok "sed -i: what remains is what check says" sh -c "[ \$('$KJ' check --brief pyatakov.case | wc -l) -eq 2 ]"
sed -i 's/right after flight/right after fligth/' pyatakov.case
wait_check out 3
ok "an edit that does not load: said, the last good check stands" grep -q "^check 3 (pyatakov.case changed): the case does not load" out
ok "... and its error on stderr" grep -q "error: unknown claim 'fligth'" err
# saved as an editor does: a new file renamed over the case, lines moved down
{ echo "; a comment that moves every line"; sed 's/right after fligth/right after flight/; s/about 3 hours/about 30 minutes/' pyatakov.case; } >.pyatakov.case.swp
mv .pyatakov.case.swp pyatakov.case
wait_check out 4
block out 4 >b4
ok "renamed over: compared with the last good check (check 2)" grep -q "^check 4 (pyatakov.case changed): 1 new, 0 gone, 2 verdicts changed; 3 contradictions" b4
ok "renamed over: the new line is at its new place (45)" grep -q "^+ pyatakov.case:45:3: travel: claim 'drive'" b4
echo "; another comment" >>pyatakov.case
wait_check out 5
ok "lines moved, nothing else: no change" grep -q "^check 5 (pyatakov.case changed): no change; 3 contradictions" out
touch unrelated.case
echo x >other.txt
sleep 0.8
ok "a file of no case in the same directory: no check" sh -c "! grep -q '^check 6' out"
rm pyatakov.case
wait_check out 6
ok "the case deleted: does not load" grep -q "^check 6 (pyatakov.case changed): the case does not load" out
cp "$root/examples/moscow-1937/pyatakov.case" pyatakov.case
wait_check out 7
ok "written again: compared with the last good check" grep -q "^check 7 (pyatakov.case changed): no change; 3 contradictions" out
cd "$root"

# ---- an include, in a directory of its own
mkdir -p "$tmp/inc/parts"
cat >"$tmp/inc/parts/places.case" <<'CASE'
source s "a source"
place oslo 59.91 10.75 tz Europe/Oslo
place bergen 60.39 5.32 tz Europe/Oslo
person p
fact seen: p at bergen throughout "2024-03-14T09:00..2024-03-14T12:00" source s
CASE
cat >"$tmp/inc/main.case" <<'CASE'
include "parts/places.case"
testimony t by p source s
  claim a: p at oslo on "2024-03-14T10:00"
CASE
cd "$tmp/inc"
"$KJ" check --watch --brief main.case >out 2>err &
pids="$pids $!"
wait_check out 1
ok "include: both files watched" grep -q "^check 1: done; watching 2 files" out
ok "include: --brief's report first" grep -q "^main.case:3:3: presence: " out
sed -i 's/60.39 5.32/59.92 10.76/' parts/places.case
wait_check out 2
ok "include: its change seen" sh -c "block() { awk -v n=2 '/^check / { on = (\$2 == n || \$2 == n \":\") } on' out; }; block | grep -q '^check 2 (parts/places.case changed): 0 new, 1 gone' && block | grep -q '^- main.case:3:3: presence: '"
# a second include added: watched from the next check on
mkdir more
echo 'place tromso 69.65 18.96 tz Europe/Oslo' >more/north.case
echo 'include "more/north.case"' >>main.case
wait_check out 3
ok "include added: three files watched" sh -c "grep -q '^check 3 (main.case changed): no change' out"
echo 'fact north: p at tromso throughout "2024-03-14T09:00..2024-03-14T12:00" source s' >>more/north.case
wait_check out 4
ok "the new include's change seen" grep -q "^check 4 (more/north.case changed): 1 new, 0 gone" out
cd "$root"

# ---- a store: import, drop
mkdir "$tmp/modern"
cp examples/modern/*.case examples/modern/*.csv examples/modern/*.gpx examples/modern/import.sh "$tmp/modern/"
cd "$tmp/modern"
sh import.sh "$KJ" >/dev/null 2>&1
"$KJ" check --watch --brief reeve.case >out 2>err &
pids="$pids $!"
wait_check out 1
n1=$("$KJ" check --brief reeve.case | wc -l)
# the case, the five files imported (their lines are cited) and the store
ok "store: its file watched too (7 files)" grep -q '^check 1: done; watching 7 files' out
import=$("$KJ" store list reeve.case | awk '/hotel.csv/ { print $1; exit }' | tr -d '#')
"$KJ" store drop reeve.case "$import" >/dev/null 2>&1
wait_check out 2
ok "store: the hotel's import dropped: a register with nothing imported does not load" grep -q "^check 2 (reeve.kjdb[-wal]* changed): the case does not load" out
"$KJ" import reeve.case guests hotel.csv >/dev/null 2>&1
wait_check out 3
ok "store: imported again: as at first ($n1 contradictions)" grep -q "^check 3 (reeve.kjdb[-wal]* changed): no change; $n1 contradiction" out
cd "$root"

# ---- what an adversarial review found
mkdir -p "$tmp/rv/sub"
cd "$tmp/rv"
# lines moved: the statements a contradiction rests on come in another order
cp "$root/examples/moscow-1937/pyatakov.case" p.case
"$KJ" check --watch --brief p.case >out 2>err &
pids="$pids $!"
wait_check out 1
python3 -c "
t = open('p.case').read().split('\n')
assumes = [l for l in t if l.startswith('assume ')]
rest = [l for l in t if not l.startswith('assume ')]
i = next(k for k, l in enumerate(rest) if l.startswith('testimony '))
open('p.case.new', 'w').write('\n'.join(rest[:i] + assumes + rest[i:]))"
mv p.case.new p.case
wait_check out 2
ok "assumptions moved above the testimony: no change" grep -q "^check 2 (p.case changed): no change; 3 contradictions" out
# a store in WAL mode: a check does not set off the next
mkdir wal
cp "$root"/examples/modern/*.case "$root"/examples/modern/*.csv "$root"/examples/modern/*.gpx "$root"/examples/modern/import.sh wal/
cd wal
sh import.sh "$KJ" >/dev/null 2>&1
python3 -c "import sqlite3; c = sqlite3.connect('reeve.kjdb'); c.execute('pragma journal_mode=wal'); c.close()"
"$KJ" check --watch --brief reeve.case >out 2>err &
pids="$pids $!"
wait_check out 1
touch reeve.case
wait_check out 2
sleep 1.5
ok "a store in WAL mode: one check for one change, not a loop" sh -c "[ \$(grep -c '^check' out) -eq 2 ]"
cd ..
# an include that has an error at the first check, then mended
printf 'include "sub/facts.case"\ntestimony t by p source s\n  claim a: p at oslo on "2024-03-14T10:00"\n' >main.case
printf 'source s "x"\nperson p\nplace oslo 59.91 10.75 tz Europe/Oslo\nplace bergen 60.39 5.32 tz Europe/Oslo\nfact f: p at bergen throughout "2024-03-14T09:00..2024-03-14T12:00" source s junk\n' >sub/facts.case
"$KJ" check --watch --brief main.case >out2 2>err2 &
pids="$pids $!"
wait_check out2 1
ok "an include's error at the first check: its file watched all the same" grep -q "^check 1: the case does not load; watching 2 files" out2
sed -i 's/ source s junk$/ source s/' sub/facts.case
wait_check out2 2
ok "the include mended: checked, its contradiction reported" sh -c "grep -q '^check 2 (sub/facts.case changed): done' out2 && grep -q '^main.case:3:3: presence: ' out2"
# files of no case that change all the time do not hold the check back
echo '; a comment' >>main.case
i=0
while [ $i -lt 30 ]; do echo $i >>app.log; sleep 0.05; i=$((i + 1)); done
ok "a log written every 50 ms beside it: the check still comes" grep -q "^check 3 (main.case changed)" out2
cd "$root"

# ---- usage
"$KJ" check --watch - </dev/null >/dev/null 2>"$tmp/u1"
ok "--watch of '-': a usage error" sh -c "[ $? -eq 2 ] && grep -q 'not .-. (standard input)' '$tmp/u1'"
"$KJ" check --watch --format json examples/moscow-1937/pyatakov.case >/dev/null 2>"$tmp/u2"
ok "--watch --format json: a usage error" sh -c "[ $? -eq 2 ] && grep -q 'prints text' '$tmp/u2'"
"$KJ" questions --watch examples/moscow-1937/pyatakov.case >/dev/null 2>"$tmp/u3"
ok "questions --watch: not an option of questions" [ $? -eq 2 ]

echo "watch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
