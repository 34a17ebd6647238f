#!/bin/sh
# Runs every test: the cmocka unit tests (build/tests/test_*) and the golden
# tests (tests/golden: one .case or .cmd plus one .expected = one test).
# Ends with "N passed, N failed".  UPDATE=1 rewrites the .expected files.
BUILD=${BUILD:-build}
KJ=$BUILD/kjeller
passed=0
failed=0
failures=""
t_start=$(date +%s)

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ]; then
        [ -z "$f" ] && failed=$((failed + 1))
        failures="$failures $(basename "$t")"
        printf '%s\n' "$out" | grep -v '^\[ \(RUN\|       OK\) ' | sed 's/^/    /'
    fi
    echo "unit $(basename "$t"): ${p:-0} passed, ${f:-0} failed"
done

# golden: the transcript of one run (stdout, stderr, exit status)
transcript() {
    out=$(mktemp) err=$(mktemp)
    # shellcheck disable=SC2086
    "$KJ" "$@" >"$out" 2>"$err"
    rc=$?
    echo "--- stdout"
    # the JSON report's zone data versions change with the installed ICU and
    # tzdata packages: compared as "(version)" when they look like one
    sed 's/^    "\(icu\|system\)": "[0-9]\{4\}[a-z]\{1,2\}"\(,\{0,1\}\)$/    "\1": "(version)"\2/' "$out"
    echo "--- stderr"
    cat "$err"
    echo "--- exit $rc"
    rm -f "$out" "$err"
}

echo "  (unit tests took $(($(date +%s) - t_start)) s)"
t_start=$(date +%s)
golden_pass=0
golden_fail=0
for t in tests/golden/*.case tests/golden/*.cmd; do
    [ -e "$t" ] || continue
    exp="${t%.*}.expected"
    case "$t" in
    *.cmd) args=$(grep -v '^#' "$t") ;;
    *) args="check $(sed -n '1s/^; args: //p' "$t") $t" ;;
    esac
    # shellcheck disable=SC2086
    got=$(transcript $args)
    if [ "${UPDATE:-0}" = 1 ]; then
        printf '%s\n' "$got" >"$exp"
    fi
    if [ -f "$exp" ] && [ "$got" = "$(cat "$exp")" ]; then
        golden_pass=$((golden_pass + 1))
    else
        golden_fail=$((golden_fail + 1))
        failures="$failures $t"
        echo "golden FAIL: $t"
        if [ -f "$exp" ]; then
            printf '%s\n' "$got" | diff -u "$exp" - | head -n 40 | sed 's/^/    /'
        else
            echo "    (no $exp; run UPDATE=1 sh tests/run.sh to create it)"
        fi
    fi
done
echo "golden: $golden_pass passed, $golden_fail failed"
echo "  (golden took $(($(date +%s) - t_start)) s)"
passed=$((passed + golden_pass))
failed=$((failed + golden_fail))

# sub-suites that end with "NAME: N passed, N failed[, N skipped]"
skipped=0
sub_suite() { # name, script
    t0=$(date +%s)
    out=$(KJ="$KJ" sh "$2" 2>&1)
    t1=$(date +%s)
    line=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s\n' "$line" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\(, [0-9]* skipped\)\{0,1\}\$/\1/p")
    f=$(printf '%s\n' "$line" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\(, [0-9]* skipped\)\{0,1\}\$/\2/p")
    s=$(printf '%s\n' "$line" | sed -n "s/^$1: .*, \([0-9]*\) skipped\$/\1/p")
    printf '%s\n' "$out" | grep "^$1: .* skipped (" # why they were skipped
    echo "$line"
    echo "  ($1 took $((t1 - t0)) s)"
    passed=$((passed + ${p:-0}))
    skipped=$((skipped + ${s:-0}))
    if [ -z "$f" ] || [ "$f" -ne 0 ]; then
        failed=$((failed + ${f:-1}))
        failures="$failures $1"
        printf '%s\n' "$out" | grep -v "^$1:"
    fi
}
sub_suite docs tests/docs_examples.sh   # every complete example in docs/case-language.md
sub_suite limits tests/limits.sh        # limits that protect the user (docs/limits.md)
sub_suite includes tests/includes.sh    # includes from a hostile case: identity, cycles, bounds (docs/limits.md)
sub_suite escape tests/escape.sh        # no input forges a line or sends the terminal an escape
sub_suite resources tests/resources.sh  # hostile cases under 100 KB within stated time and memory (docs/limits.md)
sub_suite records tests/records.sh      # import into the store, checks against it (docs/records.md)
sub_suite modern tests/modern.sh        # the worked modern example, imported as a user would (examples/modern/)
sub_suite devices tests/devices.sh      # devices' traces, custody, the owner's hypothesis (docs/case-language.md)
sub_suite formats tests/formats.sh      # CSV separators, GPX and GeoJSON into a trace (docs/records.md, Formats)
sub_suite export tests/export.sh        # export --smt2: the same bytes whatever the pieces and threads (docs/reasoning.md)
sub_suite html tests/html.sh            # the HTML report, in headless Chromium when installed
sub_suite tzcross tests/tz_cross.sh     # local times under both zone databases (docs/time-zones.md)
sub_suite soundness tests/soundness.sh  # the independent oracle: random cases, z3 and GeodSolve (tests/soundness/)
sub_suite fmt tests/fmt.sh              # kjeller fmt keeps every case's meaning and comments (docs/fmt.md)
sub_suite corrections tests/corrections.sh # every correction, applied, undoes its claim's conflicts (docs/reasoning.md §6)
sub_suite cycles tests/cycles.sh        # no stage of src/ depends on one that depends on it (tests/tools/cycles.py)

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
