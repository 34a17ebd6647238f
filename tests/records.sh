#!/bin/sh
# Records at scale (docs/records.md): `kjeller import` of CSV exports into
# the case's SQLite store, and checks that read them.  Each test works in a
# fresh directory.  Ends with "records: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
SRC="$(pwd)/tests/records"
pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "records FAIL: $1"; [ -f err ] && head -n 8 err; }
expect() { # name, condition...
    name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}
fresh() { # a new directory with the given test files
    d=$(mktemp -d)
    for f in "$@"; do cp "$SRC/$f" "$d/"; done
    cd "$d" || exit 1
}
rows() { sqlite3 "$1" "SELECT count(*) FROM entries" 2>/dev/null || echo none; }
verdicts() { # kinds, claims, margins and verdicts of a check (the ids of matching rows left out)
    "$KJ" check "$1" | sed -n -e 's/^[^ ]*: contradiction \(\[[a-z]*\]: claim [^ ]*\).*/\1/p' \
        -e 's/^  margin: \([^(]*\).*/\1/p' \
        -e 's/^  \([a-z0-9]*\)  *\(contradicted\|conflicting\|corroborated\|unverified\|undecided\).*/\1 \2/p'
}

# 1. import: bad rows reported with file:line:col and kept aside; by
# default one bad row refuses the file (issue 20 item 3), --max-errors N
# imports the good rows when at most N are bad
fresh air.case landings.csv inline.case
"$KJ" import air.case landings landings.csv >out 2>err
expect "bad rows, none allowed: exit 2" [ $? -eq 2 ]
expect "bad time at line:col" grep -q "^landings.csv:5:1: error: cannot read time \"1935-13-01, 10:00\"" err
expect "short row at line:col" grep -q "^landings.csv:6:1: error: row has 3 fields; the header has 5" err
expect "caret under the field" grep -q "^      | \^~~~~~~~~~$" err
expect "bad rows, none allowed: the summary is the last line but its hint" \
    [ "$(tail -n 2 err | head -n 1)" = "landings.csv: error: 2 of 6 rows rejected (--max-errors 0 allows none); nothing imported" ]
expect "bad rows, none allowed: the hint says how to go on" \
    [ "$(tail -n 1 err)" = "      = hint: correct them in landings.csv (each is in landings.rejects.csv) and import it again, or import the 4 good rows with --max-errors 2" ]
expect "bad rows, none allowed: nothing on stdout" [ ! -s out ]
expect "bad rows, none allowed: no store left (there was none)" [ ! -e air.kjdb ]
printf 'date,clock,aircraft,registration,note\n1935-13-01,10:00,civil,XX,bad month\n1935-12-09,10:00,civil\n' >want
expect "bad rows, none allowed: the rejects file is written, to be corrected" cmp -s want landings.rejects.csv
rm landings.rejects.csv
"$KJ" import air.case landings landings.csv --max-errors 1 >out 2>err
expect "two bad rows, one allowed: exit 2" [ $? -eq 2 ]
expect "two bad rows, one allowed: says so" grep -q "^landings.csv: error: 2 of 6 rows rejected (--max-errors 1 allows 1); nothing imported$" err
expect "two bad rows, one allowed: no store" [ ! -e air.kjdb ]
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
expect "two bad rows, two allowed: exit 0" [ $? -eq 0 ]
expect "two bad rows, two allowed: the summary says how many were rejected" \
    grep -q "^landings.csv: 4 rows imported into 'landings' (import #1); 2 rows rejected (--max-errors 2), written to landings.rejects.csv$" out
expect "rejects file holds the bad rows as they were" cmp -s want landings.rejects.csv
expect "four rows stored" [ "$(rows air.kjdb)" = 4 ]
expect "a row's line is where it begins (multi-line field)" [ "$(sqlite3 air.kjdb 'SELECT line FROM entries ORDER BY line DESC LIMIT 1')" = 7 ]

# 2. the same file again: detected by its content, nothing added
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
expect "re-import exit 0" [ $? -eq 0 ]
expect "re-import detected" grep -q "already imported into 'landings' (import #1" out
"$KJ" import air.case landings landings.csv >out 2>err
expect "re-import without --max-errors: already imported (the rows are not read)" grep -q "already imported into 'landings' (import #1" out
expect "re-import adds nothing" [ "$(rows air.kjdb)" = 4 ]
cp landings.csv copy.csv
"$KJ" import air.case landings copy.csv >out 2>err
expect "same content under another name detected" grep -q "already imported" out

# 3. checks read the store exactly as inline entries
"$KJ" check air.case >out 2>err
expect "check finds the register conflict" [ $? -eq 1 ]
sha=$(sha256sum landings.csv | cut -c1-12)
expect "the proof cites the excluded rows by file:line and the file's SHA-256" grep -q "register entry 'landings@flight.excluded' (landings.csv:2, sha256 $sha, source \[[0-9]*\] log)" out
expect "a case's own statements are cited without one" grep -q "^    - register 'landings' (air.case:9, source \[[0-9]*\] log)$" out
"$KJ" check --format json air.case >out.json
expect "JSON: an imported row's premise carries the file's whole SHA-256" python3 -c "
import json
d = json.load(open('out.json'))
st = {s['id']: s for c in d['conflicts'] for s in c['statements']}
assert st['landings@flight.excluded']['sha256'] == '$(sha256sum landings.csv | cut -d' ' -f1)', st
assert st['landings@flight.excluded']['line'] == 2 and st['landings@flight.excluded']['file'] == 'landings.csv'
assert 'sha256' not in st['landings'] and 'sha256' not in st['flight']
"
"$KJ" report air.case -o air.html >out 2>err
expect "HTML: the citation names the SHA-256, the whole of it in its title" \
    grep -q "landings.csv:2, sha256 <code title=\"$(sha256sum landings.csv | cut -d' ' -f1)\">$sha</code>" air.html
"$KJ" export --smt2 air.case >air.smt2
expect "SMT-LIB: the comment of a row's assertion names the SHA-256" grep -q "^(assert (! |s:landings@flight.excluded| :named |landings@flight.excluded|)) ; register landings.csv:2 sha256 $sha$" air.smt2
cp air.kjdb intact.kjdb
sqlite3 air.kjdb "UPDATE imports SET sha256 = '\"><script>x</script>'"
"$KJ" check air.case >out 2>err
expect "a SHA-256 that is not one: the store refused" sh -c "[ $? -eq 2 ] && grep -q 'records no SHA-256 of its file: the store was changed after the import' err"
cp intact.kjdb air.kjdb
"$KJ" check air.case >out 2>err
expect "imported = inline" [ "$(verdicts air.case)" = "$(verdicts inline.case)" ]
expect "corroborated by the row" grep -q "second  *corroborated (by landings@second)" out
# the inline register measures its correction against every entry; the
# store's rows beyond the claim's window are not read, so no amount is given
expect "inline correction is measured" sh -c "'$KJ' check inline.case | grep -q 'flight  *contradicted: possible only if \"first half of December 1935, approximately 3 p.m.\" stretched 14 h 1 s earlier'"
expect "no correction measured past unread rows" grep -q "flight  *contradicted: possible only if its time lies outside its stated window (register 'landings' was read only within it, so how far is not known)" out
if command -v z3 >/dev/null; then # the independent check sees the imported rows too
    "$KJ" export --smt2 air.case >air.smt2
    z3 air.smt2 >z3.out 2>&1
    expect "z3: the case with imported rows is unsat" [ "$(head -n 1 z3.out)" = unsat ]
    expect "z3: its core names the excluded rows" grep -q "landings@flight.excluded" z3.out
fi
a=$("$KJ" check --format json air.case | md5sum)
b=$("$KJ" check --format json air.case | md5sum)
expect "deterministic with a store" [ "$a" = "$b" ]

# 4. --strict is --max-errors 0: one bad row rejects the whole file, the
# store is untouched; the rejects file is written, to be corrected
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --strict >out 2>err
expect "strict exit 2" [ $? -eq 2 ]
expect "strict says nothing imported" grep -q "^landings.csv: error: 2 of 6 rows rejected (--strict allows none); nothing imported$" err
expect "strict leaves no store behind (there was none)" [ ! -e air.kjdb ]
expect "strict writes the rejects file" [ "$(wc -l <landings.rejects.csv)" = 3 ]
"$KJ" import air.case landings landings.csv --strict --max-errors 2 >out 2>err
expect "--strict with --max-errors 2: a usage error" sh -c "[ $? -eq 2 ] && grep -q 'strict is --max-errors 0: give one of them' err"
"$KJ" import air.case landings landings.csv --max-errors two >out 2>err
expect "--max-errors two: a usage error" sh -c "[ $? -eq 2 ] && grep -q \"max-errors needs a number of rows, 0 or more, not 'two'\" err"
# a bad row past the tenth is counted, not shown; all are in the rejects file
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 13; i++) print "1935-12-99,10:00,civil"; print "1935-12-18,12:00,civil" }' >many.csv
"$KJ" import air.case landings many.csv --max-errors 13 >out 2>err
expect "many bad rows: ten shown" [ "$(grep -c 'error: cannot read time' err)" = 10 ]
expect "many bad rows: the rest counted, and where they are" grep -q "^many.csv: error: ... and 3 more rejected rows (all in many.rejects.csv)$" err
expect "many bad rows: every one in the rejects file" [ "$(wc -l <many.rejects.csv)" = 14 ]
expect "many bad rows, allowed: the good row imported" grep -q "^many.csv: 1 row imported .*; 13 rows rejected (--max-errors 13)" out
rm -f air.kjdb
sed '5,6d' landings.csv >clean.csv
"$KJ" import air.case landings clean.csv --strict --rejects elsewhere.csv >out 2>err
expect "strict on a clean file imports" grep -q "4 rows imported" out
expect "no rejects file for a clean import" [ ! -e elsewhere.csv ]

# 5. errors: before any import, unknown target, unknown column
fresh air.case landings.csv
"$KJ" check air.case >out 2>err
expect "check before import exit 2" [ $? -eq 2 ]
expect "check before import says why" grep -q "cannot read store 'records' ('air.kjdb'): no such file" err
"$KJ" import air.case landing landings.csv >out 2>err
expect "unknown target exit 2" [ $? -eq 2 ]
expect "unknown target did-you-mean" grep -q "did you mean 'landings'" err
"$KJ" import air.case landings landings.csv --max-errors 2 --map Aircraft=type >out 2>err
expect "--map of a known column, case-insensitive" [ $? -eq 0 ]
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --map aircrft=type >out 2>err
expect "--map unknown column exit 2" [ $? -eq 2 ]
expect "--map did-you-mean" grep -q "did you mean 'aircraft'" err
expect "--map error leaves no store behind" [ ! -e air.kjdb ]
printf 'Date,Heure,Type\n1935-12-18,12:00,military\n' >renamed.csv
"$KJ" import air.case landings renamed.csv --map Date=time --map Heure=clock --map Type=aircraft >out 2>err
expect "--map renames columns" grep -q "1 row imported" out
"$KJ" check air.case >out 2>err
expect "a mapped attribute excludes the row" grep -q "register entry 'landings@second.excluded' (renamed.csv:2, sha256 $(sha256sum renamed.csv | cut -c1-12), source \[[0-9]*\] log)" out
printf '\357\273\277Date,Heure,Type\r\n1935-12-18,12:00,military\r\n' >bom.csv
"$KJ" import air.case landings bom.csv --map Heure=clock --map Type=aircraft >out 2>err
expect "a byte order mark and CRLF line ends are read" grep -q "1 row imported" out
: >nothing.csv
"$KJ" import air.case landings nothing.csv >out 2>err
expect "empty file: exit 0" [ $? -eq 0 ]
expect "empty file: a warning" grep -q "^nothing.csv: warning: nothing imported: the file is empty$" err
printf 'aircraft,note\ncivil,x\n' >notime.csv
"$KJ" import air.case landings notime.csv >out 2>err
expect "no time column exit 2" [ $? -eq 2 ]
expect "no time column says so" grep -q "the header has no time column" err
printf 'date,aircraft\n1935-12-18,"civil\n' >quote.csv
"$KJ" import air.case landings quote.csv >out 2>err
expect "unterminated quote is a bad row" grep -q "unterminated quoted field" err

# 5b. an import of no row is a warning (exit 0) and records nothing: a
# register imported empty would prove every claim it covers false (the
# log holds the landing), so a check still refuses it
fresh air.case landings.csv
printf 'date,clock,aircraft\n16/12/1935,10:00,civil\n16/12/1935,11:00,civil\n' >dmy.csv
"$KJ" import air.case landings dmy.csv >out 2>err
expect "every row bad, none allowed: exit 2" [ $? -eq 2 ]
expect "every row bad, none allowed: says so" grep -q "^dmy.csv: error: 2 of 2 rows rejected (--max-errors 0 allows none); nothing imported$" err
expect "every row bad, none allowed: no --max-errors proposed (it would import nothing)" \
    grep -q "^      = hint: correct them in dmy.csv (each is in dmy.rejects.csv) and import it again$" err
"$KJ" import air.case landings dmy.csv --max-errors 2 >out 2>err
expect "every row bad, allowed: exit 0" [ $? -eq 0 ]
expect "every row bad, allowed: a warning, the last line but its hint" \
    [ "$(tail -n 2 err | head -n 1)" = "dmy.csv: warning: nothing imported: all 2 rows rejected (--max-errors 2 allows 2)" ]
expect "every row bad, allowed: the hint" grep -q "^      = hint: correct them in dmy.csv (each is in dmy.rejects.csv) and import it again$" err
expect "every row bad, allowed: nothing on stdout" [ ! -s out ]
expect "every row bad, allowed: no store file created" [ ! -e air.kjdb ]
expect "every row bad, allowed: the rejects file, to be corrected" [ "$(wc -l <dmy.rejects.csv)" = 3 ]
"$KJ" check air.case >out 2>err
expect "every row bad, allowed: check still refuses" [ $? -eq 2 ]
printf 'date,clock,aircraft\n' >header.csv
"$KJ" import air.case landings header.csv >out 2>err
expect "header only: exit 0" [ $? -eq 0 ]
expect "header only: a warning" grep -q "^header.csv: warning: nothing imported: the file has a header and no rows$" err
expect "header only: the hint says where an empty register goes" grep -q "hint: a register whose source records nothing is written in the case file.*a register with no entries and no store" err
expect "header only: no store file created" [ ! -e air.kjdb ]
"$KJ" check air.case >out 2>err
expect "header only: check still refuses (nothing imported)" [ $? -eq 2 ]
expect "header only: no contradiction from an empty register" sh -c '! grep -q contradiction out'
sed '5,6d' landings.csv >clean.csv
"$KJ" import air.case landings clean.csv >/dev/null 2>&1
cp air.kjdb before.kjdb
"$KJ" import air.case landings header.csv >out 2>err
expect "header only, existing store: exit 0" [ $? -eq 0 ]
expect "header only, existing store: nothing recorded" cmp -s air.kjdb before.kjdb
rm -f air.kjdb
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
"$KJ" import air.case landings dmy.csv >out 2>err
expect "every row bad, existing store: exit 2" [ $? -eq 2 ]
expect "every row bad, existing store: nothing recorded" [ "$(sqlite3 air.kjdb 'SELECT count(*) FROM imports')" = 1 ]
# a store written by an older kjeller, whose only import holds no rows
sqlite3 air.kjdb "DELETE FROM entries; UPDATE imports SET rows = 0, rejected = 6"
"$KJ" check air.case >out 2>err
expect "an import of no rows is nothing imported: exit 2" [ $? -eq 2 ]
expect "an import of no rows is nothing imported: no false contradiction" sh -c '! grep -q contradiction out'
expect "an import of no rows is nothing imported: says so" grep -q "nothing is imported into store 'records' for register 'landings' at kjeller" err
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
expect "the file again takes the place of its empty import" grep -q "4 rows imported" out
expect "the file again: one import" [ "$(sqlite3 air.kjdb 'SELECT count(*) FROM imports')" = 1 ]
"$KJ" check air.case >out 2>err
expect "the file again: the case checks as before" [ $? -eq 1 ]

# 5c. the rejects file: a device or FIFO is written in place, never renamed
# over (as root a rename would replace /dev/null); a link is followed and
# kept; a write that fails fails the import (exit 3, nothing imported).
# A device node of our own is tried first (mknod, as root): the system's
# /dev/null is written only by a build that leaves that one a device.
fresh air.case landings.csv
own_null=no
if mknod null c 1 3 2>/dev/null; then
    "$KJ" import air.case landings landings.csv --max-errors 2 --rejects null >out 2>err
    expect "rejects to a device node: imported" grep -q "2 rows rejected (--max-errors 2), written to null" out
    expect "rejects to a device node: still a character device" test -c null
    test -c null && own_null=ok
    rm -f air.kjdb
fi
if [ $own_null = ok ] || ! mknod probe c 1 3 2>/dev/null; then
    "$KJ" import air.case landings landings.csv --max-errors 2 --rejects /dev/null >out 2>err
    expect "rejects to /dev/null: imported" grep -q "2 rows rejected (--max-errors 2), written to /dev/null" out
    expect "rejects to /dev/null: still a character device" test -c /dev/null
fi
fresh air.case landings.csv
mkfifo pipe
cat pipe >got &
reader=$!
"$KJ" import air.case landings landings.csv --max-errors 2 --rejects pipe >out 2>err
expect "rejects to a FIFO: imported" [ $? -eq 0 ]
[ -p pipe ] || kill $reader 2>/dev/null # renamed over: no writer will come
wait $reader
expect "rejects to a FIFO: still a FIFO" test -p pipe
printf 'date,clock,aircraft,registration,note\n1935-13-01,10:00,civil,XX,bad month\n1935-12-09,10:00,civil\n' >want
expect "rejects to a FIFO: the reader got the bad rows" cmp -s want got
expect "rejects to a FIFO: no temporary file" [ "$(ls | grep -c tmp)" = 0 ]
fresh air.case landings.csv
printf 'date,clock,aircraft,registration,note\n1935-13-01,10:00,civil,XX,bad month\n1935-12-09,10:00,civil\n' >want
ln -s kept.csv link.csv
"$KJ" import air.case landings landings.csv --max-errors 2 --rejects link.csv >out 2>err
expect "rejects to a link: the link is kept" test -L link.csv
expect "rejects to a link: its target is written" cmp -s want kept.csv
fresh air.case landings.csv
if mknod full c 1 7 2>/dev/null; then # a full disk, for the rejects file
    "$KJ" import air.case landings landings.csv --max-errors 2 --rejects full >out 2>err
    expect "rejects to a full device: exit 3" [ $? -eq 3 ]
    expect "rejects to a full device: says why" grep -q "cannot write the rejects file 'full': no space left on device" err
    expect "rejects to a full device: nothing imported" [ ! -e air.kjdb ]
    expect "rejects to a full device: still a character device" test -c full
fi

# 5d. two columns of one name, or mapped to one attribute, are refused for
# the whole file (stored joined, 'civil' and 'military' made a civil
# landing look military)
fresh air.case landings.csv
printf 'date,clock,aircraft,aircraft\n1935-12-05,15:00,civil,military\n' >twice.csv
"$KJ" import air.case landings twice.csv >out 2>err
expect "a column twice: exit 2" [ $? -eq 2 ]
expect "a column twice: at the second, with a caret" grep -q "^twice.csv:1:21: error: column 'aircraft' appears twice in the header (columns 3 and 4)" err
expect "a column twice: the caret" grep -q "^      |                     \^~~~~~~~$" err
expect "a column twice: a hint" grep -q "hint: rename one of them in the header" err
expect "a column twice: nothing imported" [ ! -e air.kjdb ]
printf 'date,clock,Aircraft,aircraft\n1935-12-05,15:00,civil,military\n' >case.csv
"$KJ" import air.case landings case.csv >out 2>err
expect "two names that differ in case: refused" grep -q "^case.csv:1:21: error: columns 3 'Aircraft' and 4 'aircraft' have one name (letter case aside)" err
printf 'date,clock,Type,aircraft\n1935-12-05,15:00,civil,military\n' >mapped.csv
"$KJ" import air.case landings mapped.csv --map Type=aircraft >out 2>err
expect "two columns mapped to one attribute: exit 2" [ $? -eq 2 ]
expect "two columns mapped to one attribute: says so" grep -q "^mapped.csv:1:17: error: columns 'Type' and 'aircraft' are both the attribute 'aircraft'" err
"$KJ" import air.case landings mapped.csv --map Type=kind --map type=aircraft >out 2>err
expect "a column mapped twice: refused" grep -q "error: --map 'type=aircraft': column 'Type' is already mapped by --map 'Type=kind'" err
expect "refused mappings: nothing imported" [ ! -e air.kjdb ]

# 5e. bytes a field cannot hold: a NUL (it cut the field short, silently)
# and bytes that are not UTF-8 (read as a day that does not exist) are a
# bad row at the byte, or an error for the whole file in the header
fresh air.case landings.csv
printf 'date,clock,aircraft,note\n1935-12-05,15:00,civ\000il,x\n1935-12-18,12:00,civil,ok\n' >nul.csv
"$KJ" import air.case landings nul.csv --max-errors 1 >out 2>err
expect "a NUL byte: the row is bad" grep -q "^nul.csv:2:21: error: NUL byte in a field" err
expect "a NUL byte: the line shown, the caret under it" sh -c "grep -q '^    2 | 1935-12-05,15:00,civ?il,x\$' err && grep -q '^      |                     ^\$' err"
expect "a NUL byte: the other row imported" grep -q "1 row imported" out
expect "a NUL byte: the row kept as it was in the rejects file" sh -c "tail -n 1 nul.rejects.csv | od -c | grep -q 'v  \\\\0   i'"
printf 'date,clock,aircraft\n1935-12-0\377,15:00,civil\n1935-12-18,12:00,civil\n' >latin.csv
"$KJ" import air.case landings latin.csv >out 2>err
expect "a byte that is not UTF-8: said so, at the byte" grep -q "^latin.csv:2:10: error: invalid UTF-8 byte 0xff$" err
expect "a byte that is not UTF-8: not a day that does not exist" sh -c '! grep -q "does not exist" err'
expect "a byte that is not UTF-8: the hint" grep -q "hint: the file must be UTF-8: convert it" err
printf 'date,clock,aircr\351ft\n1935-12-18,12:00,civil\n' >latinh.csv
"$KJ" import air.case landings latinh.csv >out 2>err
expect "not UTF-8 in the header: exit 2" [ $? -eq 2 ]
expect "not UTF-8 in the header: said so, at the byte" grep -q "^latinh.csv:1:17: error: invalid UTF-8 byte 0xe9 in the header$" err

# 5f. quotes: an unterminated quote in the header is said so, at the quote
fresh air.case landings.csv
printf 'date,"clock,aircraft\n1935-12-18,12:00,civil\n' >openq.csv
"$KJ" import air.case landings openq.csv >out 2>err
expect "unterminated quote in the header: exit 2" [ $? -eq 2 ]
expect "unterminated quote in the header: said so, at the quote" grep -q "^openq.csv:1:6: error: unterminated quoted field in the header: the file ends inside it" err
expect "unterminated quote in the header: not 'empty file'" sh -c '! grep -q "empty file" err'
printf 'date,clock,aircraft\n1935-12-18,12:00,"civil\n' >openr.csv
"$KJ" import air.case landings openr.csv >out 2>err
expect "unterminated quote in a row: at the quote" grep -q "^openr.csv:2:18: error: unterminated quoted field: the file ends inside it" err
printf 'date,clock,aircraft\n1935-12-18,12:00,"civ"il\n1935-12-05,15:00,civil\n' >badq.csv
"$KJ" import air.case landings badq.csv >out 2>err
expect "malformed quoting: at the character after the quote" grep -q "^badq.csv:2:23: error: malformed quoting" err

# 5g. an import is its target, its content and its mapping: the same file
# again with a corrected --map replaces the import of the wrong one, in
# the same transaction, and says so on stderr
fresh air.case landings.csv
printf 'Date,Heure,Type\n1935-12-03,14:40,military\n1935-12-18,12:00,civil\n' >fr.csv
"$KJ" import air.case landings fr.csv --map Date=time --map Heure=clock >out 2>err
"$KJ" check air.case >out 2>err
expect "wrong mapping (Type read as 'type'): the military landing may be the flight" [ $? -eq 0 ]
"$KJ" import air.case landings fr.csv --map Date=time --map Heure=clock --map Type=aircraft >out 2>err
expect "a corrected --map: imported" grep -q "^fr.csv: 2 rows imported into 'landings' (import #2)" out
expect "a corrected --map: the replacement said on stderr" grep -q "^fr.csv: replaces import #1 of the same file into 'landings', whose mapping was: Date=time, Heure=clock, Type=type; zone Europe/Oslo$" err
expect "a corrected --map: one import left" [ "$(sqlite3 air.kjdb 'SELECT count(*) FROM imports')" = 1 ]
expect "a corrected --map: the old rows gone" [ "$(rows air.kjdb)" = 2 ]
expect "a corrected --map: its attribute stored" [ "$(sqlite3 air.kjdb 'SELECT attr_keys FROM imports')" = aircraft ]
"$KJ" check air.case >out 2>err
expect "a corrected --map: the military landing excluded" [ $? -eq 1 ]
"$KJ" import air.case landings fr.csv --map Heure=clock --map Type=aircraft --map date=time >out 2>err
expect "the same mapping again (written otherwise): already imported" grep -q "already imported into 'landings' (import #2" out

# 5h. a full disk is the system's failure, not bad input: exit 3, the store
# as before (a tmpfs of 64 KiB: root only; /dev/full for the rejects
# file is 5c)
fresh air.case landings.csv
mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
    cp air.case small/
    (cd small && "$KJ" import air.case landings ../landings.csv --max-errors 2 >../out 2>../err)
    expect "full disk, new store: exit 3" [ $? -eq 3 ]
    expect "full disk, new store: says so" grep -q "error: store 'air.kjdb': database or disk is full" err
    expect "full disk, new store: no store left" [ -z "$(ls small | grep kjdb)" ]
    "$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
    umount small
    mount -t tmpfs -o size=160k tmpfs small # room for the store (112 KiB), not for 20,000 rows more
    cp air.case air.kjdb small/
    awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 20000; i++) printf "1935-12-%02d,%02d:%02d,civil\n", i % 28 + 1, i % 24, i % 60 }' >more.csv
    (cd small && "$KJ" import air.case landings ../more.csv >../out 2>../err)
    expect "full disk, existing store: exit 3" [ $? -eq 3 ]
    expect "full disk, existing store: as before" sh -c "[ \"\$(sqlite3 small/air.kjdb 'SELECT count(*) FROM imports; SELECT count(*) FROM entries; PRAGMA integrity_check' | tr '\n' ' ')\" = '1 4 ok ' ]"
    umount small
else
    skip=$((skip + 1))
    echo "records: cannot mount a tmpfs (not root): the full-disk store check skipped"
fi
mkfifo pipe.kjdb
sed 's/"air.kjdb"/"pipe.kjdb"/' air.case >pipe.case
"$KJ" import pipe.case landings landings.csv >out 2>err
expect "a FIFO as the store: refused" grep -q "error: store 'records' (pipe.kjdb): not a regular file" err
expect "a FIFO as the store: still a FIFO" test -p pipe.kjdb

# 5i. two imports into a new store at once: the second waits; one that
# fails never removes a store another has written to or waits for
fresh air.case landings.csv
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 1000000; i++) printf "1935-12-%02d,%02d:%02d,civil\n", i % 28 + 1, i % 24, i % 60; print "1935-13-01,10:00,civil" }' >slowbad.csv
"$KJ" import air.case landings slowbad.csv --strict --quiet >out1 2>err1 &
first=$!
n=0
while [ ! -e air.kjdb-journal ] && [ $n -lt 400 ]; do sleep 0.02; n=$((n + 1)); done
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err &
second=$!
wait $first
r1=$?
wait $second
r2=$?
expect "concurrent, the first fails: it exits 2" [ $r1 -eq 2 ]
expect "concurrent, the first fails: the second waits and imports" sh -c "[ $r2 -eq 0 ] && grep -q '4 rows imported' out"
expect "concurrent, the first fails: the second's rows are in the store" [ "$(rows air.kjdb)" = 4 ]
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 200000; i++) printf "1935-12-%02d,%02d:%02d,civil\n", i % 28 + 1, i % 24, i % 60 }' >good.csv
kept=0
for round in 1 2 3 4 5 6; do # both start on no store; the one that fails must not remove the other's
    rm -f air.kjdb air.kjdb-journal
    "$KJ" import air.case landings good.csv --quiet >/dev/null 2>&1 &
    a=$!
    "$KJ" import air.case landings landings.csv --map nosuch=x >/dev/null 2>&1 &
    b=$!
    wait $a
    ra=$?
    wait $b
    [ $ra -eq 0 ] && [ "$(rows air.kjdb)" = 200000 ] && kept=$((kept + 1))
done
expect "concurrent, both new: a successful import's rows are never removed (6 rounds)" [ $kept -eq 6 ]

# 6. location traces: a minute short is a conflict, a minute to spare is not
fresh trace.case
printf 'time,lat,lon,accuracy\n1935-12-20 06:00:00,55.756,37.617,0\n1935-12-20 08:50:11,55.756,37.617,0\n' >short.csv
"$KJ" import trace.case watch short.csv >out 2>err
"$KJ" check trace.case >out 2>err
expect "trace a minute short: conflict" [ $? -eq 1 ]
expect "trace conflict cites the row" grep -q "fact 'watch:short.csv:3' (short.csv:3, sha256 $(sha256sum short.csv | cut -c1-12), source \[[0-9]*\] police)" out
expect "trace conflict margin 1 min" grep -q "margin: 1 min " out
# one claim against several points of one trace (the last before its
# window, one inside, the first after): each point a minimal conflict of
# its own; the text shows the tightest once with how many are alike
# (issue 25 item 4), the JSON lists every one, the HTML folds the others
fresh trace.case
printf 'time,lat,lon,accuracy\n1935-12-20 11:00:00,55.756,37.617,0\n1935-12-20 12:00:30,55.70,37.617,0\n1935-12-20 13:00:00,55.80,37.617,0\n' >many.csv
"$KJ" import trace.case watch many.csv >out 2>err
"$KJ" check --format json trace.case >out.json 2>err
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["conflicts"]))' out.json)
least=$(python3 -c 'import json,sys; print(min(c["margin_seconds"] for c in json.load(open(sys.argv[1]))["conflicts"]))' out.json)
"$KJ" check trace.case >out 2>err
expect "alike: $n contradictions (more than one), exit 1" sh -c "[ $? -eq 1 ] && [ $n -gt 1 ] && grep -q '^$n contradictions found$' out"
expect "alike: the claim's headline shown once" [ "$(grep -c '^trace.case:11:3: contradiction \[presence\]' out)" -eq 1 ]
expect "alike: the others counted, by their lines and margins" grep -q "^  and $((n - 1)) more contradictions\{0,1\} like it, each with another point of trace 'watch' (many.csv lines\{0,1\} [2-4][, 0-9]*), margins [0-9].* to [0-9].* (each one: --format json)$" out
expect "alike: the one shown is the tightest ($least s)" python3 -c 'import re, sys
m = re.search(r"^  margin: (\d+) h (\d+) min (\d+) s ", open("out").read(), re.M)
sys.exit(0 if m and int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) == int(sys.argv[1]) else 1)' "$least"
expect "alike: in the JSON each other one points to the tightest" python3 -c 'import json, sys
cs = json.load(open("out.json"))["conflicts"]
t = min(range(len(cs)), key=lambda i: cs[i]["margin_seconds"])
sys.exit(0 if all(("alike" not in c) if i == t else c.get("alike") == t + 1 for i, c in enumerate(cs)) else 1)'
"$KJ" report trace.case -o many.html 2>err
expect "alike: the HTML keeps every article, the others folded" sh -c "[ \$(grep -c '<article class=\"conflict\"' many.html) -eq $n ] && [ \$(sed -n '/<details class=\"alike\">/,/<\/details>/p' many.html | grep -c '<article class=\"conflict\"') -eq $((n - 1)) ]"
# a conflict on two points of the trace (the claim lasts three hours:
# a point before and one after squeeze it) is not alike one on a single
# point (a sighting inside the stay): both are shown
fresh trace.case
sed -e 's/^  claim noon: .*/  claim noon: x at oslo in "1935-12-20 10:00..1935-12-20 11:00" lasts "3 hours"/' \
    -e 's/^place oslo .*/place oslo 59.913 10.752 tz UTC/' trace.case >stay.case
printf 'time,lat,lon,accuracy\n1935-12-20 08:00,55.756,37.617,0\n1935-12-20 12:00,55.756,37.617,0\n1935-12-20 15:15,55.756,37.617,0\n' >mix.csv
"$KJ" import stay.case watch mix.csv >out 2>err
"$KJ" check stay.case >out 2>err
expect "alike: a two-point conflict and a one-point conflict both shown" sh -c "[ \$(grep -c '^stay.case:11:3: contradiction' out) -eq 2 ] && ! grep -q 'more contradiction' out"
fresh trace.case
printf 'time,lat,lon,accuracy\n1935-12-20 08:48:11,55.756,37.617,0\n1935-12-20 14:00:00,59.913,10.752,0\n' >spare.csv
"$KJ" import trace.case watch spare.csv >out 2>err
"$KJ" check trace.case >out 2>err
expect "trace a minute to spare: no conflict" [ $? -eq 0 ]
# two claims around the same points: each point is one fact (one name for z3)
sed 's/^  claim noon: .*/&\n  claim later: x at oslo in "1935-12-20 15:00"/' trace.case >two.case
"$KJ" check two.case >out 2>err
expect "two claims near one trace point still check" [ $? -eq 0 ]
if command -v z3 >/dev/null; then
    "$KJ" export --smt2 two.case >two.smt2
    z3 two.smt2 >z3.out 2>&1
    expect "z3 reads the export: every trace point declared once" [ "$(head -n 1 z3.out)" = sat ]
fi
printf 'time,lat,lon\n1935-12-20 08:00,95.0,37.6\n1935-12-20 08:00,55.7,37.6\n' >badlat.csv
"$KJ" import trace.case watch badlat.csv >out 2>err
expect "bad latitude reported" grep -q "badlat.csv:2:18: error: bad latitude '95.0'" err
# numbers as the case language writes them: strtod's exponents and
# hexadecimal are refused, a leading + (some exports write it) is not
printf 'time,lat,lon,accuracy\n1935-12-20 08:00,0x3b.e9p0,37.6,0\n1935-12-20 08:00,55.7,37.6,1e1\n1935-12-20 08:00,+55.7,37.6,10\n' >forms.csv
"$KJ" import trace.case watch forms.csv --max-errors 2 >out 2>err
expect "hexadecimal latitude refused" grep -q "bad latitude '0x3b.e9p0'" err
expect "accuracy with an exponent refused" grep -q "bad accuracy '1e1'" err
expect "latitude with a + read" grep -q "1 row imported" out

# 6b. a claim with no time against 120,000 rows: their hull, quickly
fresh timeless.case
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 120000; i++) printf "1935-12-%02d,%02d:%02d,military\n", i % 28 + 1, i % 24, i % 60 }' >busy.csv
"$KJ" import timeless.case landings busy.csv >out 2>err
"$KJ" check timeless.case >out 2>err
expect "timeless claim: rows beyond the limit stand as their hull (no false conflict)" [ $? -eq 0 ]
expect "timeless claim: a hull of unread rows corroborates nothing" grep -q "flight  *unverified" out

# 7. kill -9 in the middle of an import: the store is as before
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
awk 'BEGIN { print "date,clock,aircraft"; for (i = 0; i < 3000000; i++) printf "1935-12-%02d,%02d:%02d,civil\n", i % 28 + 1, i % 24, i % 60 }' >big.csv
size0=$(stat -c %s air.kjdb)
"$KJ" import air.case landings big.csv --quiet >/dev/null 2>&1 &
pid=$!
# killed once pages have reached the store (its page cache spilled): the
# journal is hot then, and the store's file holds half an import
n=0
while [ "$(stat -c %s air.kjdb)" -le "$size0" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
expect "killed mid-import (pages in the store, a journal left)" sh -c "[ -e air.kjdb-journal ] && [ \$(stat -c %s air.kjdb) -gt $size0 ]"
expect "killed mid-import: no temporary rejects file left" [ "$(ls | grep -c tmp)" = 0 ]
# where the journal cannot be rolled back (a read-only mount: root only)
# the check says so and what to do, and changes nothing
ro=$(mktemp -d)
if mount --bind . "$ro" 2>/dev/null; then
    if mount -o remount,ro,bind "$ro" 2>/dev/null; then
        (cd "$ro" && "$KJ" check air.case >"$OLDPWD/out" 2>"$OLDPWD/err")
        expect "hot journal on a read-only mount: exit 2" [ $? -eq 2 ]
        expect "hot journal on a read-only mount: says why" grep -q "an interrupted import left a journal ('air.kjdb-journal') that cannot be rolled back here" err
        expect "hot journal on a read-only mount: says what to do" grep -q "hint: run the check (or any import) once as a user who may write" err
    fi
    umount "$ro"
fi
rmdir "$ro"
# the first to open the store is a check, which opens read-only: it must
# roll the journal back (only a writer can), not refuse the store
"$KJ" check air.case >out 2>err
expect "after kill -9 a check, first, checks as before" [ $? -eq 1 ]
expect "after kill -9 the check rolled the journal back" [ ! -e air.kjdb-journal ]
expect "after kill -9 the store is as before" [ "$(rows air.kjdb)" = 4 ]
expect "after kill -9 the store is intact" [ "$(sqlite3 air.kjdb 'PRAGMA integrity_check')" = ok ]
expect "after kill -9 one import is recorded" [ "$(sqlite3 air.kjdb 'SELECT count(*) FROM imports')" = 1 ]
"$KJ" check air.case >/dev/null 2>&1
expect "after kill -9 the case checks as before" [ $? -eq 1 ]

# 8. the check's query is an index range on (register, place, t_lo)
sqlite3 air.kjdb "EXPLAIN QUERY PLAN SELECT t_lo FROM entries WHERE import = 1 AND t_lo BETWEEN 0 - 60 AND 100 AND t_hi >= 0" >plan
expect "the lookup uses the index" grep -q "USING INDEX entries_by_time (import=? AND t_lo>? AND t_lo<?)" plan

# 9. progress: on a terminal only, never with --quiet
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
expect "no progress when stderr is not a terminal" sh -c '! grep -q "rows/s" err'
if command -v script >/dev/null; then
    fresh air.case landings.csv
    script -qec "$KJ import air.case landings landings.csv --max-errors 2" /dev/null >tty.out 2>&1
    expect "progress on a terminal" grep -q "rows/s" tty.out
    fresh air.case landings.csv
    script -qec "$KJ import air.case landings landings.csv --max-errors 2 --quiet" /dev/null >tty.out 2>&1
    expect "--quiet silences progress" sh -c '! grep -q "rows/s" tty.out'
fi

# 10. the registers' rows are read by parallel readers (one per processor):
# the report is the same, byte for byte, with one reader as with four.
# Three logs of 3,000 landings in January 1935, by day only, a third of
# them military (all of log-2's first five days); 60 claims, some at night
# (no record: contradicted), some by day (corroborated, or contradicted by
# military rows only).
d=$(mktemp -d) && cd "$d" || exit 1
{
    echo 'source log "landing logs"'
    echo 'source trial "testimony"'
    echo 'store rec "rec.kjdb"'
    echo 'place origin 52.47 13.40 tz Europe/Berlin'
    for k in 0 1 2; do
        echo "place field-$k 59.$k 10.$k tz Europe/Oslo"
        echo "register log-$k at field-$k covers 1935-01-01..1935-12-31 records arrival by air"
        echo "  where aircraft = civil store rec source log"
    done
    awk 'BEGIN { for (p = 0; p < 20; p++) {
        printf "person p%d \"P %d\"\ntestimony t%d by p%d source trial\n", p, p, p, p
        for (j = 0; j < 3; j++) { n = p * 3 + j; h = n % 4 == 0 ? 2 : 8 + n % 12
            printf "  claim c%d: p%d travels origin -> field-%d by air arrives \"1935-01-%02d, about %d:00\"\n", n, p, n % 3, 1 + n % 28, h }
        for (j = 0; j < 3; j++) printf "assume c%d aircraft = civil \"stated\"\n", p * 3 + j } }'
} >par.case
for k in 0 1 2; do
    awk -v k=$k 'BEGIN { print "date,clock,aircraft,registration"
        for (i = 0; i < 3000; i++) { d = 1 + i % 28
            printf "1935-01-%02d,%02d:%02d,%s,LN-%d\n", d, 6 + int(i / 28) % 16, (i * 37 + k) % 60,
                (k == 2 && d <= 5) || i % 3 == 0 ? "military" : "civil", i } }' >log-$k.csv
    "$KJ" import par.case log-$k log-$k.csv --quiet >/dev/null 2>err || bad "import log-$k for the parallel check"
done
KJELLER_THREADS=1 "$KJ" check par.case >one.out 2>one.err
one=$?
KJELLER_THREADS=4 "$KJ" check par.case >four.out 2>four.err
four=$?
expect "parallel readers: contradictions found" [ $one -eq 1 ]
expect "parallel readers: night claims contradicted" [ "$(grep -c '^par.case:.*contradiction \[register\]' one.out)" -ge 10 ]
expect "parallel readers: day claims corroborated" [ "$(grep -c 'corroborated (by log-' one.out)" -ge 20 ]
expect "parallel readers: the military rows cited" grep -q "register entry .log-2@c2.excluded. (log-2.csv:88, sha256 $(sha256sum log-2.csv | cut -c1-12), source \[[0-9]*\] log)" one.out
expect "parallel readers: four readers, the same report" cmp -s one.out four.out
expect "parallel readers: the same exit status" [ $one -eq $four ]
KJELLER_THREADS=4 "$KJ" check par.case --format json >four.json
KJELLER_THREADS=1 "$KJ" check par.case --format json >one.json
expect "parallel readers: the same JSON" cmp -s one.json four.json
# the parts are searched by several threads too, each chunk of parts with
# the whole remaining budget: a budget that runs out part way must give
# what one thread gives (the conflicts found before it ran out)
for mb in 60 200; do
    KJELLER_THREADS=1 "$KJ" check par.case --max-branches $mb >one.out 2>&1
    one=$?
    KJELLER_THREADS=4 "$KJ" check par.case --max-branches $mb >four.out 2>&1
    four=$?
    expect "parallel search, budget $mb: some conflicts found, not all" sh -c \
        "[ \$(grep -c 'contradiction \\[register\\]' one.out) -gt 0 ] && [ \$(grep -c 'contradiction \\[register\\]' one.out) -lt 18 ]"
    expect "parallel search, budget $mb: the same report as one thread" cmp -s one.out four.out
    expect "parallel search, budget $mb: the same exit status" [ $one -eq $four ]
done

# 11. a big case's pruned network is built a piece at a time (groups of
# people no clause links, in blocks of consecutive statements): the report
# is the same, byte for byte, as from one network, budget and all.
# KJELLER_PIECE cuts this small case; p3 meets p5, in the middle of the
# case, far from where p5 lands: a piece boundary between them would lose
# that conflict.
sed -e 's/^place origin .*/&\nplace far 38.72 -9.14 tz Europe\/Lisbon/' \
    -e 's/^  claim c11: .*/&\n  claim m3: p3 meets p5 at far on "1935-01-16, about 11:00"/' par.case >pieces.case
"$KJ" check pieces.case >whole.out 2>&1
whole=$?
"$KJ" check pieces.case --format json >whole.json 2>&1
expect "pieces: the meeting conflicts with p5's landing" grep -q "claim 'm3' puts p5 at far, claim 'c15' puts p5 at field-0" whole.out
for size in 1 2 7; do
    KJELLER_PIECE=$size KJELLER_TIMING=1 "$KJ" check pieces.case >cut.out 2>cut.err
    cut=$?
    expect "pieces of $size: the case is cut" grep -Eq "statements, ([2-9]|[1-9][0-9]+) pieces" cut.err
    expect "pieces of $size: the same report" cmp -s whole.out cut.out
    expect "pieces of $size: the same exit status" [ $whole -eq $cut ]
    KJELLER_PIECE=$size "$KJ" check pieces.case --format json >cut.json 2>&1
    expect "pieces of $size: the same JSON" cmp -s whole.json cut.json
done
# the SMT-LIB export is written a piece at a time too: the same bytes
# (docs/reasoning.md §4), and z3 says the same of it
"$KJ" export --smt2 pieces.case >whole.smt2
KJELLER_PIECE=2 "$KJ" export --smt2 pieces.case >cut.smt2
expect "pieces, export: points and constraints declared" [ "$(grep -c '^(assert' whole.smt2)" -gt 100 ]
expect "pieces, export: the same bytes" cmp -s whole.smt2 cut.smt2
if command -v z3 >/dev/null; then
    expect "pieces, export: z3 finds both unsatisfiable" sh -c \
        "[ \"\$(z3 whole.smt2 | head -n 1)\" = unsat ] && [ \"\$(z3 cut.smt2 | head -n 1)\" = unsat ]"
fi
# a consistent case in pieces (no network is left for the report then but
# an empty one): the claims corroborated above, alone, are corroborated
# again, by the same rows
"$KJ" check pieces.case >whole.out 2>&1
keep=$(sed -n 's/^  \([a-z0-9]*\)  *corroborated (by .*/\1/p' whole.out | tr '\n' ' ')
awk -v keep="$keep" 'BEGIN { n = split(keep, a, " "); for (i = 1; i <= n; i++) k[a[i]] = 1 }
    /^  claim / { id = $2; sub(":", "", id); if (!(id in k)) next }
    /^assume / { if (!($2 in k)) next } { print }' pieces.case >consistent.case
"$KJ" check consistent.case >whole.out 2>&1
whole=$?
KJELLER_PIECE=2 KJELLER_TIMING=1 "$KJ" check consistent.case >cut.out 2>cut.err
cut=$?
expect "consistent pieces: no contradiction" [ $((whole + cut)) -eq 0 ]
expect "consistent pieces: the case is cut" grep -Eq "statements, ([2-9]|[1-9][0-9]+) pieces" cut.err
expect "consistent pieces: claims corroborated" [ "$(grep -c 'corroborated (by log-' whole.out)" -ge 20 ]
expect "consistent pieces: the same report" cmp -s whole.out cut.out
KJELLER_PIECE=2 KJELLER_TIMING=0 "$KJ" check consistent.case >cut.out 2>cut.err
expect "KJELLER_TIMING=0 is off: nothing on stderr" [ ! -s cut.err ]
for mb in 60 200; do
    "$KJ" check pieces.case --max-branches $mb >whole.out 2>&1
    whole=$?
    KJELLER_PIECE=2 "$KJ" check pieces.case --max-branches $mb >cut.out 2>&1
    cut=$?
    expect "pieces, budget $mb: the budget runs out" grep -q "undecided" whole.out
    expect "pieces, budget $mb: the same report" cmp -s whole.out cut.out
    expect "pieces, budget $mb: the same exit status" [ $whole -eq $cut ]
done

# 12. no output is one of the command's inputs (issue 19 review): the
# rejects file may not be the CSV, the store or the case, nor the report
# the case file (by any path: a symbolic link too); each is refused, exit 2,
# and the input is left as it was
fresh air.case landings.csv
printf 'date,aircraft\n1935-12-05,civil\nBAD,row\n' >mixed.csv
cp mixed.csv mixed.bak
cp air.case air.bak
for target in mixed.csv air.case; do
    "$KJ" import air.case landings mixed.csv --rejects "$target" >out 2>err
    rc=$?
    expect "rejects over $target: refused" [ $rc -eq 2 ]
    expect "rejects over $target: said why" grep -q "would overwrite" err
done
expect "rejects over the CSV: the CSV kept" cmp -s mixed.csv mixed.bak
expect "rejects over the case: the case kept" cmp -s air.case air.bak
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
cp air.kjdb store.bak
"$KJ" import air.case landings mixed.csv --rejects air.kjdb >out 2>err
expect "rejects over the store: refused" [ $? -eq 2 ]
expect "rejects over the store: the store kept" cmp -s air.kjdb store.bak
ln -s air.case link.case
for target in air.case link.case; do
    "$KJ" report air.case -o "$target" >out 2>err
    expect "report over the case ($target): refused" [ $? -eq 2 ]
done
expect "report over the case: the case kept" cmp -s air.case air.bak
"$KJ" report air.case -o report.html >out 2>err
expect "report beside the case: written" grep -q "<html" report.html

# 13. a store changed after its import (rows deleted, an import relabelled)
# is refused at check, exit 2: otherwise a register would prove a claim
# false with rows that are not there (issue 19 review)
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
cp air.kjdb intact.kjdb
sqlite3 air.kjdb "DELETE FROM entries WHERE rowid = (SELECT min(rowid) FROM entries)"
"$KJ" check air.case >out 2>err
expect "a row deleted from the store: refused" [ $? -eq 2 ]
expect "a row deleted from the store: said so" grep -q "rows where it recorded .*: the store was changed after the import" err
cp intact.kjdb air.kjdb
sqlite3 air.kjdb "UPDATE imports SET kind = 'trace'"
"$KJ" check air.case >out 2>err
expect "an import relabelled: refused" [ $? -eq 2 ]
cp intact.kjdb air.kjdb
"$KJ" check air.case >out 2>err
expect "the store as imported: checked" [ $? -le 1 ]

# 14. times as machines write them (issue 20 item 1): Unix times only by
# --map COLUMN=epoch|epoch-ms, numeric dates only in a stated order, an
# offset the zone does not have then only a warning
fresh air.case
printf 'ts,aircraft\n-1074171600,civil\n-1075470000.5,military\n' >epoch.csv
"$KJ" import air.case landings epoch.csv --map ts=epoch >out 2>err
expect "epoch seconds: imported" grep -q "2 rows imported" out
expect "epoch seconds: the second it names (12:00 in Oslo)" \
    [ "$(sqlite3 air.kjdb "SELECT t_lo || ' ' || t_hi FROM entries ORDER BY t_lo DESC LIMIT 1")" = "-1074171600 -1074171599" ]
expect "epoch seconds: a fraction is the whole second it lies in" \
    [ "$(sqlite3 air.kjdb "SELECT t_lo FROM entries ORDER BY t_lo LIMIT 1")" = "-1075470001" ]
expect "epoch: the mapping says so" \
    [ "$(sqlite3 air.kjdb "SELECT mapping FROM imports")" = "ts=epoch, aircraft=aircraft; zone Europe/Oslo" ]
fresh air.case
printf 'ts,aircraft\n-1074171600000,civil\n-1074171599999,civil\n' >ms.csv
"$KJ" import air.case landings ms.csv --map ts=epoch-ms >out 2>err
expect "epoch-ms: both rows in the second they lie in" \
    [ "$(sqlite3 air.kjdb "SELECT group_concat(t_lo, ' ') FROM (SELECT t_lo FROM entries ORDER BY t_lo)")" = "-1074171600 -1074171600" ]
fresh air.case
printf 'ts,aircraft\n-1074171600000,civil\n' >ms.csv
"$KJ" import air.case landings ms.csv --map ts=epoch >out 2>err
expect "milliseconds mapped as seconds: refused, past 9999" grep -q "is outside the years 1..9999" err
expect "milliseconds mapped as seconds: the hint names epoch-ms" \
    grep -q "hint: if the column holds milliseconds, map it as epoch-ms" err
fresh air.case
printf 'timestamp,aircraft\n-1074171600,civil\n1935-12-18 12:00,civil\n' >guess.csv
"$KJ" import air.case landings guess.csv >out 2>err
expect "a Unix time without the mapping is not guessed" grep -q "guess.csv:2:1: error: cannot read time \"-1074171600\"" err
expect "its hint names the mapping" grep -q "hint: if the column holds Unix times, map it: --map 'COLUMN=epoch'" err
printf 'date,clock,aircraft\n18/12/1935,12:00,civil\n' >dmy.csv
"$KJ" import air.case landings dmy.csv >out 2>err
expect "a numeric date without an order: exit 2" [ $? -eq 2 ]
expect "a numeric date without an order: said so" grep -q "needs a date order (it can only be day first: 18 December 1935)" err
"$KJ" import air.case landings dmy.csv --date-order mdy >out 2>err
expect "a numeric date invalid in the order given: refused" grep -q "no such date '18/12/1935' month first (date order mdy)" err
"$KJ" import air.case landings dmy.csv --date-order dmy >out 2>err
expect "--date-order dmy: imported" grep -q "1 row imported" out
expect "--date-order is part of the mapping" \
    [ "$(sqlite3 air.kjdb "SELECT mapping FROM imports ORDER BY id DESC LIMIT 1")" = "date=time, clock=clock, aircraft=aircraft; date-order dmy; zone Europe/Oslo" ]
"$KJ" import air.case landings dmy.csv --date-order ymd >out 2>err
expect "--date-order ymd: a usage error" [ $? -eq 2 ]
fresh air.case
printf 'when,aircraft\n1935-12-18T12:00:00-05:00,civil\n1935-12-18T11:00:00Z,civil\n' >off.csv
"$KJ" import air.case landings off.csv >out 2>err
expect "an offset the zone does not have: imported" [ $? -eq 0 ]
expect "an offset the zone does not have: a warning" \
    grep -q "^off.csv:2:1: warning: time \"1935-12-18T12:00:00-05:00\": offset -05:00 is not the offset of Europe/Oslo" err
expect "a UTC time is no warning" [ "$(grep -c warning err)" = 1 ]
expect "the offset fixes the instant" \
    [ "$(sqlite3 air.kjdb "SELECT group_concat(t_lo, ' ') FROM (SELECT t_lo FROM entries ORDER BY t_lo)")" = "-1074171600 -1074150000" ]
# a weekday the date does not fall on (18 December 1935 was a Wednesday):
# imported with both days, and said as a warning; one that it falls on is
# just the date
fresh air.case
printf 'when,aircraft\n"Thu, 18 Dec 1935 12:00",civil\n"Wed, 18 Dec 1935 13:00",civil\n' >wd.csv
"$KJ" import air.case landings wd.csv >out 2>err
expect "a weekday its date does not fall on: imported" [ $? -eq 0 ]
expect "a weekday its date does not fall on: a warning with both days" \
    grep -q '^wd.csv:2:1: warning: time "Thu, 18 Dec 1935 12:00": Thursday 18 December 1935, but 18 December 1935 was a Wednesday; read as either Wednesday 18 December or Thursday 19 December 1935$' err
expect "a weekday its date falls on is no warning" [ "$(grep -c warning err)" = 1 ]
expect "the row is read as either day: the hull" \
    [ "$(sqlite3 air.kjdb "SELECT group_concat(t_lo || '..' || t_hi, ' ') FROM (SELECT t_lo, t_hi FROM entries ORDER BY t_lo)")" = "-1074171600..-1074085140 -1074168000..-1074167940" ]

# 15. the store's version 2 records when each import was made and the
# digest of its rows; a store of version 1 (no digests) is never read
fresh air.case landings.csv
sed '5,6d' landings.csv >clean.csv
"$KJ" import air.case landings clean.csv >out 2>err
expect "a new store is of version 2" [ "$(sqlite3 air.kjdb 'PRAGMA user_version')" = 2 ]
expect "the time of import, UTC, ISO 8601" sh -c \
    "sqlite3 air.kjdb 'SELECT imported_at FROM imports' | grep -Eq '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z\$'"
expect "the digest of the rows, SHA-256 in hex" sh -c "sqlite3 air.kjdb 'SELECT rows_sha256 FROM imports' | grep -Eq '^[0-9a-f]{64}\$'"
sqlite3 air.kjdb "PRAGMA user_version = 1"
cp air.kjdb old.kjdb
"$KJ" check air.case >out 2>err
expect "a store of version 1: check exit 2" [ $? -eq 2 ]
expect "a store of version 1: check says so" grep -q "cannot read store 'records' ('air.kjdb'): a kjeller store of an older version (1; this kjeller reads 2)" err
expect "a store of version 1: the hint says to import again" grep -q "hint: an older kjeller wrote it, without the digests of its rows: move it aside and import its files again" err
expect "a store of version 1: no contradiction read from it" sh -c '! grep -q contradiction out'
"$KJ" import air.case landings landings.csv --rejects r.csv >out 2>err
expect "a store of version 1: import exit 2" [ $? -eq 2 ]
expect "a store of version 1: import says so" grep -q "error: store 'records' (air.kjdb): a kjeller store of an older version" err
expect "a store of version 1: import leaves it as it was" cmp -s air.kjdb old.kjdb

# 16. kjeller store list|verify|drop (issue 20 item 3): what the case's
# stores hold, whether the rows are those imported, one import removed
fresh air.case landings.csv
"$KJ" store list air.case >out 2>err
expect "store list, no store yet: exit 0" [ $? -eq 0 ]
expect "store list, no store yet: says so" grep -q "^store 'records' (air.kjdb): no such file: nothing imported$" out
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
printf 'Date,Heure,Type\n1935-12-03,14:40,military\n1935-12-18,12:00,civil\n' >fr.csv
"$KJ" import air.case landings fr.csv --map Date=time --map Heure=clock --map Type=aircraft >/dev/null 2>&1
"$KJ" store list air.case >out 2>err
expect "store list: exit 0" [ $? -eq 0 ]
expect "store list: the store and its imports" grep -q "^store 'records' (air.kjdb): 2 imports$" out
expect "store list: the columns" grep -q "^  id  kind      target    file          bytes  rows  rejected  imported              sha256$" out
sha=$(sha256sum landings.csv | cut -d' ' -f1)
size=$(stat -c %s landings.csv)
expect "store list: import 1, its kind, target, file, size, rows, rejected, time and SHA-256" \
    grep -Eq "^   1  register  landings  landings.csv  +$size +4 +2  20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z  $sha\$" out
expect "store list: import 2" grep -Eq "^   2  register  landings  fr.csv  +$(stat -c %s fr.csv) +2 +0  20[0-9-]{8}T[0-9:]{8}Z  $(sha256sum fr.csv | cut -d' ' -f1)\$" out
a=$("$KJ" store list air.case | md5sum)
expect "store list: deterministic" [ "$a" = "$(md5sum <out)" ]
"$KJ" store list air.case --format json >out.json 2>err
expect "store list --format json: exit 0" [ $? -eq 0 ]
expect "store list --format json: every field" python3 -c "
import json, re, sys
d = json.load(open('out.json'))
s = d['stores'][0]
i = s['imports'][0]
assert s['id'] == 'records' and s['file'] == 'air.kjdb' and s['exists'] is True and len(s['imports']) == 2
assert (i['id'], i['kind'], i['target'], i['place'], i['file']) == (1, 'register', 'landings', 'kjeller', 'landings.csv')
assert (i['bytes'], i['sha256'], i['rows'], i['rejected']) == ($size, '$sha', 4, 2)
assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', i['imported_at'])
assert i['mapping'].startswith('date=time, clock=clock')
assert 'status' not in i and 'changed' not in d
"
"$KJ" store verify air.case >out 2>err
expect "store verify, as imported: exit 0" [ $? -eq 0 ]
expect "store verify, as imported: each import ok" sh -c "grep -q \"^  #1 register 'landings' (landings.csv, 4 rows): ok\$\" out && grep -q \"^  #2 register 'landings' (fr.csv, 2 rows): ok\$\" out"
expect "store verify, as imported: the last line" [ "$(tail -n 1 out)" = "all 2 imports are as they were made" ]
cp air.kjdb intact.kjdb
# a row changed in place (a military landing made civil): a check cannot
# tell, a verify can
sqlite3 air.kjdb "UPDATE entries SET attrs = 'civil' || substr(attrs, 9) WHERE import = 1 AND line = 2"
expect "a row changed in place: the change made" [ "$(sqlite3 air.kjdb "SELECT count(*) FROM entries WHERE attrs LIKE 'civil%FF-12%'")" = 1 ]
"$KJ" store verify air.case >out 2>err
expect "store verify, a row changed in place: exit 1" [ $? -eq 1 ]
expect "store verify, a row changed in place: that import changed" grep -q "^  #1 register 'landings' (landings.csv, 4 rows): changed: its rows, or the fields they are read by, are not those imported (digest [0-9a-f]\{12\}, recorded [0-9a-f]\{12\})$" out
expect "store verify, a row changed in place: the other ok" grep -q "^  #2 .*: ok$" out
expect "store verify, a row changed in place: the last line" [ "$(tail -n 1 out)" = "1 of 2 imports changed since it was made" ]
"$KJ" store verify air.case --format json >out.json 2>err
expect "store verify --format json: status and digests" python3 -c "
import json
d = json.load(open('out.json'))
a, b = d['stores'][0]['imports']
assert d['changed'] == 1
assert a['status'] == 'changed' and a['rows_held'] == 4 and a['rows_sha256'] != a['rows_sha256_held']
assert b['status'] == 'ok' and b['rows_sha256'] == b['rows_sha256_held'] and len(b['rows_sha256']) == 64
"
cp intact.kjdb air.kjdb
sqlite3 air.kjdb "DELETE FROM entries WHERE import = 2 AND line = 3"
"$KJ" store verify air.case >out 2>err
expect "store verify, a row deleted: exit 1" [ $? -eq 1 ]
expect "store verify, a row deleted: says how many are held" grep -q "^  #2 register 'landings' (fr.csv, 2 rows): changed: the store holds 1 row of it$" out
cp intact.kjdb air.kjdb
sqlite3 air.kjdb "UPDATE imports SET width = 0 WHERE id = 1"
"$KJ" store verify air.case >out 2>err
expect "store verify, the width rows are looked up by changed: exit 1" [ $? -eq 1 ]
cp intact.kjdb air.kjdb
sqlite3 air.kjdb "UPDATE imports SET attr_keys = 'type' || substr(attr_keys, 9) WHERE id = 1"
"$KJ" store verify air.case >out 2>err
expect "store verify, the attribute keys changed: exit 1" [ $? -eq 1 ]
cp intact.kjdb air.kjdb
# a trace's points (reals, a -0 longitude, NULL places) verify as imported
fresh trace.case
printf 'time,lat,lon,accuracy,note\n1935-12-20 06:00:00,55.75612345678901,-0.0,0,\n1935-12-20 08:50:11,-33.9,151.2,12.5,"a ""quoted""\nnote"\n' >pts.csv
"$KJ" import trace.case watch pts.csv >out 2>err
"$KJ" store verify trace.case >out 2>err
expect "store verify, a trace as imported: ok" sh -c "[ $? -eq 0 ] && grep -q \"^  #1 trace 'watch' (pts.csv, 2 rows): ok\$\" out"
sqlite3 trace.kjdb "UPDATE points SET lat = lat + 0.000001 WHERE line = 3"
"$KJ" store verify trace.case >out 2>err
expect "store verify, a point moved by 10 cm: exit 1" [ $? -eq 1 ]

# store drop: one import and all its rows, in one transaction; the rest untouched
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
printf 'Date,Heure,Type\n1935-12-03,14:40,military\n1935-12-18,12:00,civil\n' >fr.csv
"$KJ" import air.case landings fr.csv --map Date=time --map Heure=clock --map Type=aircraft >/dev/null 2>&1
sqlite3 air.kjdb "SELECT * FROM entries WHERE import = 2 ORDER BY rowid; SELECT * FROM imports WHERE id = 2" >kept.before
cp air.kjdb before.kjdb
"$KJ" store drop air.case 7 >out 2>err
expect "store drop, no such import: exit 2" [ $? -eq 2 ]
expect "store drop, no such import: says so, at the store" grep -q "^air.case:8:1: error: store 'records' ('air.kjdb') holds no import #7$" err
expect "store drop, no such import: the hint lists the imports" grep -q "hint: its imports are #1 (landings.csv), #2 (fr.csv)$" err
expect "store drop, no such import: the store as it was" cmp -s air.kjdb before.kjdb
"$KJ" store drop air.case '#1' >out 2>err
expect "store drop: exit 0" [ $? -eq 0 ]
expect "store drop: says what was dropped" grep -q "^store 'records' (air.kjdb): import #1 dropped: register 'landings', landings.csv, 4 rows$" out
expect "store drop: no warning while the register keeps an import" [ ! -s err ]
expect "store drop: the import gone" [ "$(sqlite3 air.kjdb 'SELECT group_concat(id) FROM imports')" = 2 ]
expect "store drop: all its rows gone" [ "$(sqlite3 air.kjdb 'SELECT count(*) FROM entries WHERE import = 1')" = 0 ]
sqlite3 air.kjdb "SELECT * FROM entries WHERE import = 2 ORDER BY rowid; SELECT * FROM imports WHERE id = 2" >kept.after
expect "store drop: the other import and its rows untouched" cmp -s kept.before kept.after
expect "store drop: the store intact" [ "$(sqlite3 air.kjdb 'PRAGMA integrity_check')" = ok ]
"$KJ" store verify air.case >out 2>err
expect "store drop: what is left verifies" [ $? -eq 0 ]
"$KJ" check air.case >out 2>err
expect "store drop: the case checks against what is left" [ $? -eq 1 ]
expect "store drop: no row of the dropped import is cited" sh -c '! grep -q "landings.csv" out'
"$KJ" import air.case landings landings.csv --max-errors 2 >out 2>err
expect "store drop: the file imports again" grep -q "4 rows imported into 'landings' (import #3)" out
"$KJ" store drop air.case 3 >/dev/null 2>&1
"$KJ" store drop air.case 2 >out 2>err
expect "store drop of the last import: exit 0" [ $? -eq 0 ]
expect "store drop of the last import: a warning" grep -q "^air.case:8:1: warning: register 'landings' has nothing imported now: a check refuses the case until it has$" err
"$KJ" check air.case >out 2>err
expect "store drop of the last import: check refuses" [ $? -eq 2 ]
"$KJ" store drop air.case 2 >out 2>err
expect "store drop from an empty store: exit 2, it holds none" sh -c "[ $? -eq 2 ] && grep -q 'hint: it holds no import' err"
rm air.kjdb
: >air.kjdb
"$KJ" store drop air.case 1 >out 2>err
expect "store drop from an empty file: exit 2, it holds none" sh -c "[ $? -eq 2 ] && grep -q 'hint: it holds no import' err"
expect "store drop from an empty file: left empty" [ ! -s air.kjdb ]
"$KJ" store list air.case >out 2>err
expect "store list of an empty file: nothing imported" grep -q "^store 'records' (air.kjdb): nothing imported$" out
# several stores: list shows each, drop needs --store
sed 's/^store records .*/&\nstore other "other.kjdb"\nregister arrivals at kjeller covers 1935-12-01..1935-12-31 records arrival by air store other source log/' air.case >two.case
"$KJ" import two.case arrivals fr.csv --map Date=time --map Heure=clock --map Type=aircraft >/dev/null 2>&1
"$KJ" store list two.case >out 2>err
expect "store list, two stores: both" sh -c "grep -q \"^store 'records' (air.kjdb): nothing imported\$\" out && grep -q \"^store 'other' (other.kjdb): 1 import\$\" out"
"$KJ" store drop two.case 1 >out 2>err
expect "store drop, two stores and no --store: exit 2" [ $? -eq 2 ]
expect "store drop, two stores and no --store: says which there are" sh -c "grep -q 'error: the case names 2 stores: which one?' err && grep -q \"hint: name one with --store STORE: 'records', 'other'\" err"
"$KJ" store drop two.case 1 --store other >out 2>err
expect "store drop --store other: dropped" grep -q "^store 'other' (other.kjdb): import #1 dropped" out
"$KJ" store drop two.case 1 --store othr >out 2>err
expect "store drop --store of no store: did you mean" sh -c "[ $? -eq 2 ] && grep -q \"did you mean 'other'\" err"
# a store of version 1 is refused by store too
fresh air.case landings.csv
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
sqlite3 air.kjdb "PRAGMA user_version = 1"
for op in list verify "drop air.case 1"; do
    set -- $op
    if [ $# -eq 1 ]; then "$KJ" store "$1" air.case >out 2>err; else "$KJ" store "$1" "$2" "$3" >out 2>err; fi
    expect "store $1 of a store of version 1: exit 2" [ $? -eq 2 ]
    expect "store $1 of a store of version 1: the hint" grep -q "hint: an older kjeller wrote it" err
done
expect "store drop of a store of version 1: nothing dropped" [ "$(sqlite3 air.kjdb 'SELECT count(*) FROM entries')" = 4 ]
"$KJ" store >out 2>err
expect "store without a command: a usage error" sh -c "[ $? -eq 2 ] && grep -q 'kjeller: store needs list, verify or drop' err"
"$KJ" store frob air.case >out 2>err
expect "store frob: a usage error" grep -q "unknown store command 'frob' (use list, verify or drop)" err
"$KJ" store drop air.case one >out 2>err
expect "store drop of no number: a usage error" grep -q "an import is named by its number, as store list shows it (3 or #3), not 'one'" err

# imported values that may be the claim's are the claim's (charity,
# docs/case-language.md §4.7): spacing kept by quotes, a no-break space,
# a decomposed accent, non-ASCII case, in attributes and the subject
fresh
cat >v.case <<'EOF'
source s "statement"
source log "airdrome log"
person x "X"
place tempelhof 52.473 13.404 tz Europe/Berlin
place kjeller 59.97 11.04 ± 1 km tz Europe/Oslo "Kjeller"
store records "v.kjdb"
register landings at kjeller covers 1935-12-01..1935-12-31 records arrival by air
  store records source log
testimony t by x source s
  claim a: x travels tempelhof -> kjeller by air arrives "1935-12-02"
  claim b: x travels tempelhof -> kjeller by air arrives "1935-12-05"
  claim c: x travels tempelhof -> kjeller by air arrives "1935-12-08"
  claim d: x travels tempelhof -> kjeller by air arrives "1935-12-11"
  claim e: x travels tempelhof -> kjeller by air arrives "1935-12-14"
  claim f: x travels tempelhof -> kjeller by air arrives "1935-12-17"
assume a aircraft = civil "passenger"
assume b aircraft = civil "passenger"
assume c aircraft = "privé" "passenger"
assume d aircraft = "privé" "passenger"
assume e subject = "Pyatakov" "the man"
assume f aircraft = civil "passenger"
EOF
printf 'date;aircraft;subject\n1935-12-02;" civil ";\n1935-12-05;civil\302\240;\n1935-12-08;prive\314\201;\n1935-12-11;PRIV\303\211;\n1935-12-14;;" Pyatakov\302\240"\n1935-12-17;military;\n' >v.csv
"$KJ" import v.case landings v.csv >out 2>err
expect "values as spelt: imported" [ $? -eq 0 ]
verdicts v.case >got
printf 'a corroborated\nb corroborated\nc corroborated\nd corroborated\ne corroborated\n' >want
expect "values as spelt: every row but 'military' may be the claim's" sh -c "grep corroborated got | cmp -s want -"
expect "values as spelt: 'military' excludes its row" sh -c "[ \"\$(grep '^\[' got)\" = \"[register]: claim 'f'\" ]"
expect "values as spelt: the padded value is stored as written" \
    [ "$(sqlite3 v.kjdb "SELECT attrs FROM entries WHERE line = 2")" = " civil " ]

# rows read under a zone or radius the case no longer declares are refused
# by check (docs/records.md §5): a fresh import would read them otherwise
fresh trace.case air.case landings.csv watch.gpx
printf 'time,lat,lon\n1935-12-20 09:00,55.756,37.617\n' >z.csv
"$KJ" import trace.case watch z.csv >/dev/null 2>&1
expect "the zone and radius are in the mapping" \
    [ "$(sqlite3 trace.kjdb "SELECT mapping FROM imports")" = "time=time, lat=lat, lon=lon; zone UTC; radius 1000 m" ]
sed 's/store rec tz UTC/store rec tz Europe\/Moscow/' trace.case >tz.case
"$KJ" check tz.case >out 2>err
expect "a trace's zone changed since the import: exit 2" [ $? -eq 2 ]
expect "a trace's zone changed: said at the trace" \
    grep -q "^tz.case:9:1: error: store 'rec' ('trace.kjdb'): import #1 of trace 'watch' (z.csv) read its times in UTC, but the case now reads them in Europe/Moscow$" err
expect "a trace's zone changed: the hint" grep -q "hint: import the file again: kjeller import CASE watch z.csv" err
"$KJ" import tz.case watch z.csv >/dev/null 2>&1
"$KJ" check tz.case >out 2>err
expect "a trace's zone changed, imported again: checked" [ $? -ne 2 ]
sed 's/store rec tz UTC/store rec ± 5 km tz Europe\/Moscow/' trace.case >r.case
"$KJ" check r.case >out 2>err
expect "a trace's radius changed since the import: refused" \
    grep -q "^r.case:9:1: error: .* (z.csv) gave its points without an accuracy a radius of 1000 m, but the case now says 5000 m$" err
sqlite3 trace.kjdb "UPDATE imports SET mapping = 'time=time, lat=lat, lon=lon'"
"$KJ" check tz.case >out 2>err
expect "an import that does not record its zone: exit 2" [ $? -eq 2 ]
expect "an import that does not record its zone: refused" grep -q 'does not record the zone its times were read in (an older import)' err
sqlite3 trace.kjdb "UPDATE imports SET mapping = 'time=time, lat=lat, lon=lon; zone Europe/Moscow'"
"$KJ" check tz.case >out 2>err
expect "a trace's import that does not record its radius: refused" grep -q "does not record the radius of its points without an accuracy" err
"$KJ" import air.case landings landings.csv --max-errors 2 >/dev/null 2>&1
sed 's/^place kjeller 59.970 11.037 tz Europe\/Oslo/place kjeller 59.970 11.037 tz UTC/' air.case >utc.case
"$KJ" check utc.case >out 2>err
expect "a register's place zone changed since the import: refused at the register" \
    grep -q "^utc.case:9:1: error: store 'records' ('air.kjdb'): import #1 of register 'landings' (landings.csv) read its times in Europe/Oslo, but the case now reads them in UTC$" err
fresh trace.case watch.gpx
sed 's/^trace watch of x store rec tz UTC/trace watch of x store rec ± 200 m tz UTC/' trace.case >g.case
"$KJ" import g.case watch watch.gpx >/dev/null 2>&1
sed 's/tz UTC source police/tz Europe\/Oslo source police/' g.case >g2.case
"$KJ" check g2.case >out 2>err
expect "a GPX track's zone changed since the import: refused" grep -q "(watch.gpx) read its times in UTC, but the case now reads them in Europe/Oslo" err
sqlite3 trace.kjdb "UPDATE imports SET mapping = 'gpx: trkpt lat, lon, time; radius the larger of 200 m and an accuracy in its extensions; zone UTC'"
"$KJ" check g.case >out 2>err
expect "a GPX radius written the older way: read" [ $? -ne 2 ]
sed 's/ ± 200 m / ± 5 km /' g.case >g3.case
"$KJ" check g3.case >out 2>err
expect "a GPX radius written the older way, changed since: refused" grep -q "(watch.gpx) gave its points without an accuracy a radius of 200 m, but the case now says 5000 m" err

# blank lines between rows: a register's row is stored and cited at its
# physical line, never at the blank line before it
fresh air.case
printf 'date,clock,aircraft,registration,note\n1935-12-03,11:20,military,FF-12,army\n\n \n1935-12-05,14:40,military,FF-13,\n' >blank.csv
"$KJ" import air.case landings blank.csv >out 2>err
expect "register, blank lines: each row at its physical line" [ "$(sqlite3 air.kjdb 'SELECT line FROM entries ORDER BY line' | tr '\n' ' ')" = "2 5 " ]

if [ "$skip" -gt 0 ]; then echo "records: $pass passed, $fail failed, $skip skipped"; else echo "records: $pass passed, $fail failed"; fi
[ "$fail" -eq 0 ]
