#!/bin/sh
# Runs every test: the cmocka unit tests (build/tests/test_*), the golden
# tests (tests/golden.sh: one .case or .cmd plus one .expected = one test)
# and the sub-suites below, each of which ends "NAME: N passed, N failed".
# Ends with "N passed, N failed".  UPDATE=1 rewrites the golden .expected
# files.
#
# The parts run side by side, KJ_TEST_JOBS at a time (default: the
# machine's cores), each into a file of its own; they are reported in the
# order below whatever order they finish in, each with how long it took.
# 'resources' runs alone at the end: it measures time and memory.
BUILD=${BUILD:-build}
KJ=$BUILD/kjeller
JOBS=${KJ_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
skipped=0
failures=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# the sub-suites, in report order: NAME SCRIPT
cat >"$tmp/suites" <<'SUITES'
golden tests/golden.sh
docs tests/docs_examples.sh
limits tests/limits.sh
includes tests/includes.sh
escape tests/escape.sh
records tests/records.sh
pg tests/pg.sh
pg_shards tests/pg_shards.sh
modern tests/modern.sh
devices tests/devices.sh
formats tests/formats.sh
export tests/export.sh
html tests/html.sh
tzcross tests/tz_cross.sh
soundness tests/soundness.sh
fmt tests/fmt.sh
corrections tests/corrections.sh
cycles tests/cycles.sh
cli tests/cli.sh
lsp tests/lsp.sh
watch tests/watch.sh
editors tests/editors.sh
SUITES
# golden       the transcript of every case in tests/golden
# docs         every complete example in docs/case-language.md
# limits       limits that protect the user (docs/limits.md)
# includes     includes from a hostile case: identity, cycles, bounds (docs/limits.md)
# escape       no input forges a line or sends the terminal an escape
# resources    hostile cases under 100 KB within stated time and memory (docs/limits.md)
# records      import into the store, checks against it (docs/records.md)
# pg           the PostgreSQL store against a throw-away server: the same outputs as SQLite's (docs/records.md §8)
# pg_shards    the same, its rows partitioned across three servers by postgres_fdw (docs/scale-out.md)
# modern       the worked modern example, imported as a user would (examples/modern/)
# devices      devices' traces, custody, the owner's hypothesis (docs/case-language.md)
# formats      CSV separators, GPX and GeoJSON into a trace (docs/records.md, Formats)
# export       export --smt2: the same bytes whatever the pieces and threads (docs/reasoning.md)
# html         the HTML report, in headless Chromium when installed
# tzcross      local times under both zone databases (docs/time-zones.md)
# soundness    the independent oracle: random cases, z3 and GeodSolve (tests/soundness/)
# fmt          kjeller fmt keeps every case's meaning and comments (docs/fmt.md)
# corrections  every correction, applied, undoes its claim's conflicts (docs/reasoning.md §6)
# cycles       no stage of src/ depends on one that depends on it (tests/tools/cycles.py)
# cli          help, version, did-you-mean, colour, '-', --brief, make install and the man pages
# lsp          kjeller lsp: a scripted session and Neovim's client (docs/editors.md)
# watch        check --watch: edits, renames, includes, a store; only what changed printed
# editors      editors/: the TextMate grammar, the Vim syntax in Neovim, the Emacs mode and eglot

# one job: KIND NAME COMMAND -> $tmp/NAME.out, .rc, .secs
cat >"$tmp/job" <<'JOB'
kind=$1 name=$2 cmd=$3 tmp=$4
t0=$(date +%s)
if [ "$kind" = unit ]; then "$cmd" >"$tmp/$name.out" 2>&1; else sh "$cmd" >"$tmp/$name.out" 2>&1; fi
echo $? >"$tmp/$name.rc"
echo $(($(date +%s) - t0)) >"$tmp/$name.secs"
JOB

# the slowest first, so that the pool ends together
{
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] && echo "unit $(basename "$t") $t"
    done
    while read -r name script; do echo "suite $name $script"; done <"$tmp/suites"
} | sort -k2,2 | awk '{ slow = ($2 == "test_dtp_z3" || $2 == "devices" || $2 == "export" || $2 == "pg" || $2 == "pg_shards") ? 0 : 1; print slow, $0 }' \
  | sort -s -n -k1,1 | cut -d' ' -f2- >"$tmp/jobs"
KJ="$KJ" BUILD="$BUILD" xargs -P "$JOBS" -L 1 sh -c 'sh "$0" "$1" "$2" "$3" "'"$tmp"'"' "$tmp/job" <"$tmp/jobs"
KJ="$KJ" BUILD="$BUILD" sh "$tmp/job" suite resources tests/resources.sh "$tmp"

t_units=0
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    out=$(cat "$tmp/$name.out")
    rc=$(cat "$tmp/$name.rc")
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ]; then
        [ -z "$f" ] && failed=$((failed + 1))
        failures="$failures $name"
        printf '%s\n' "$out" | grep -v '^\[ \(RUN\|       OK\) ' | sed 's/^/    /'
    fi
    secs=$(cat "$tmp/$name.secs")
    if [ "$secs" -ge 10 ]; then
        echo "unit $name: ${p:-0} passed, ${f:-0} failed ($secs s)"
    else
        echo "unit $name: ${p:-0} passed, ${f:-0} failed"
    fi
    t_units=$((t_units + secs))
done
echo "  (unit tests took $t_units s)"

# a sub-suite's last line is "NAME: N passed, N failed[, N skipped]"
report() { # name
    out=$(cat "$tmp/$1.out")
    line=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s\n' "$line" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\(, [0-9]* skipped\)\{0,1\}\$/\1/p")
    f=$(printf '%s\n' "$line" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\(, [0-9]* skipped\)\{0,1\}\$/\2/p")
    s=$(printf '%s\n' "$line" | sed -n "s/^$1: .*, \([0-9]*\) skipped\$/\1/p")
    printf '%s\n' "$out" | grep "^$1: .* skipped (" # why they were skipped
    [ "$1" = golden ] && printf '%s\n' "$out" | grep -v "^$1:" # its failures, with their diffs
    echo "$line"
    echo "  ($1 took $(cat "$tmp/$1.secs") s)"
    passed=$((passed + ${p:-0}))
    skipped=$((skipped + ${s:-0}))
    if [ -z "$f" ] || [ "$f" -ne 0 ]; then
        failed=$((failed + ${f:-1}))
        failures="$failures $1"
        [ "$1" != golden ] && printf '%s\n' "$out" | grep -v "^$1:"
    fi
}
while read -r name script; do report "$name"; done <"$tmp/suites"
report resources

# determinism: the same input gives byte-identical output
for f in examples/moscow-1937/pyatakov.case examples/moscow-1937/holtzman.case; do
    a=$("$KJ" check --format json "$f" 2>&1 | md5sum)
    b=$("$KJ" check --format json "$f" 2>&1 | md5sum)
    if [ "$a" = "$b" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures determinism:$f"; fi
done

[ -n "$failures" ] && echo "failures:$failures"
[ "$skipped" -gt 0 ] && echo "($skipped skipped: not counted as passed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
